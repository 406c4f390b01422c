// Capture files as nvidia_gpu_exporter records them (internal/captures): raw nvidia-smi outputs, one section
// per command, each opened by a banner of `#` with `# <phase> :: <title>` and `# $ <command>`.

/** One command's output inside a capture file. */
export interface CaptureSection {
  /** `capabilities`, `idle`, `load`, ... */
  phase: string;
  title: string;
  /** The command line after `# $ `, or '' when the banner names none. */
  command: string;
  body: string;
}

const banner = /^#{20,}\s*$/;
const heading = /^# (\S+) :: (.+?)\s*$/;

/** True when `text` opens like a capture file. */
export function isCaptureFile(text: string): boolean {
  return /^#{20,}\r?\n# nvidia_gpu_exporter GPU capture/.test(text) || /^# \S+ :: .+\r?\n# \$ nvidia-smi/m.test(text.slice(0, 4096));
}

/** Splits a capture file into its sections, in file order. */
export function readCaptureSections(text: string): CaptureSection[] {
  const lines = text.split(/\r?\n/);
  const sections: CaptureSection[] = [];
  let current: (CaptureSection & { lines: string[] }) | undefined;
  for (let i = 0; i < lines.length; i++) {
    const match = banner.test(lines[i]) ? heading.exec(lines[i + 1] ?? '') : null;
    if (match) {
      if (current) sections.push(finish(current));
      const commandLine = /^# \$ (.*)$/.exec(lines[i + 2] ?? '');
      current = { phase: match[1], title: match[2], command: commandLine ? commandLine[1].trim() : '', body: '', lines: [] };
      // Skip the heading, the optional command line and the closing banner.
      i += commandLine ? 2 : 1;
      if (banner.test(lines[i + 1] ?? '')) i += 1;
      continue;
    }
    current?.lines.push(lines[i]);
  }
  if (current) sections.push(finish(current));
  return sections;
}

function finish(section: CaptureSection & { lines: string[] }): CaptureSection {
  const { lines, ...rest } = section;
  return { ...rest, body: lines.join('\n').replace(/\n+$/, '\n') };
}

/** The `--query-gpu` (and matching `--query-compute-apps`) CSV outputs of one phase. */
export function captureQueries(sections: readonly CaptureSection[], phase: string): { gpu?: CaptureSection; apps?: CaptureSection } {
  const ofPhase = sections.filter((section) => section.phase === phase);
  return {
    gpu: ofPhase.find((section) => section.command.includes('--query-gpu=') && section.command.includes('--format=csv')),
    apps: ofPhase.find((section) => section.command.includes('--query-compute-apps=') && section.command.includes('--format=csv')),
  };
}

/** Phases that hold a `--query-gpu` CSV, in file order (e.g. `idle`, `load`). */
export function capturePhases(sections: readonly CaptureSection[]): string[] {
  const phases: string[] = [];
  for (const section of sections) {
    if (section.command.includes('--query-gpu=') && section.command.includes('--format=csv') && !phases.includes(section.phase)) phases.push(section.phase);
  }
  return phases;
}

/** The `-L` listing of a capture (its capabilities phase), or undefined when it has none. */
export function captureGpuList(sections: readonly CaptureSection[]): CaptureSection | undefined {
  return sections.find((section) => /^nvidia-smi (-L|--list-gpus)\s*$/.test(section.command));
}

/** The CUDA version the driver supports: from `--version`, else the phase's summary table or `-q` text. */
export function captureCudaVersion(sections: readonly CaptureSection[], phase: string): string | null {
  const ordered = [...sections.filter((section) => section.command.includes('--version')), ...sections.filter((section) => section.phase === phase)];
  for (const section of ordered) {
    const match = /CUDA Version\s*:\s*(\d+\.\d+)/.exec(section.body);
    if (match) return match[1];
  }
  return null;
}

/** The header's `collected_at` (UTC, ISO 8601 with `Z`), or undefined. */
export function captureCollectedAt(text: string): string | undefined {
  return /^collected_at:\s*(\S+Z)\s*$/m.exec(text.slice(0, 4096))?.[1];
}
