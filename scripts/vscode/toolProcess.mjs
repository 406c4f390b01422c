// Runs one tool-install step: its output goes to a log file, the console gets a start line, a heartbeat and the time.
import { spawn } from 'node:child_process';
import { appendFileSync, openSync, closeSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const HEARTBEAT_MS = 15_000;

function tail(file, lines = 40) {
  try { return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n'); } catch { return '(no log)'; }
}

/**
 * Runs `command args` in its own process group with no stdin, appending stdout and stderr to `log`.
 * Resolves to the seconds it took; rejects with the log's tail on failure or when it outruns `timeoutMs`.
 */
export function runLogged(label, command, args, { cwd, env, log, timeoutMs }) {
  const start = performance.now();
  const elapsed = () => (performance.now() - start) / 1000;
  console.log(`[tools] ${label}…`);
  appendFileSync(log, `\n$ (cd ${cwd} && ${command} ${args.join(' ')})\n`);
  const fd = openSync(log, 'a');
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', fd, fd], detached: true });
    const heartbeat = setInterval(() => console.log(`[tools]   still working on ${label.replace(/^\d+\/\d+ /, '')} (${elapsed().toFixed(0)} s)`), HEARTBEAT_MS);
    const timer = setTimeout(() => {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }, timeoutMs);
    let settled = false;
    const finish = (error) => {
      if (settled) return;
      settled = true;
      clearInterval(heartbeat);
      clearTimeout(timer);
      closeSync(fd);
      if (error) reject(new Error(`${error}\n--- last lines of ${log} ---\n${tail(log)}`));
      else {
        console.log(`[tools] ${label}: ${elapsed().toFixed(1)} s`);
        resolve(Number(elapsed().toFixed(1)));
      }
    };
    child.on('error', (error) => finish(`${command}: ${error.message}`));
    child.on('exit', (code, signal) => {
      if (code === 0) finish();
      else if (signal === 'SIGKILL' && elapsed() * 1000 >= timeoutMs) finish(`${command} ${args.join(' ')} ran past ${timeoutMs / 1000} s`);
      else finish(`${command} ${args.join(' ')} in ${cwd} exited with ${code ?? signal}`);
    });
  });
}
