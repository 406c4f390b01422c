// TerminalLineSplitter: raw output chunks to the lines the parsers read, as a terminal would show each state of
// a redrawn progress bar. The byte sequences are the ones tqdm, Keras 2/3 and Lightning write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TerminalLineSplitter, stripAnsi } from '../../src/core/launch/logMetrics/terminalLines';

function split(chunks: string[]): string[] {
  const splitter = new TerminalLineSplitter();
  const lines: string[] = [];
  for (const chunk of chunks) lines.push(...splitter.push(chunk));
  lines.push(...splitter.end());
  return lines;
}

test('\\n and \\r\\n end lines; a lone \\r ends a redraw segment; empty segments are dropped', () => {
  assert.deepEqual(split(['a\nb\r\nc\rd\n\n\ne']), ['a', 'b', 'c', 'd', 'e']);
  // A \r\n cut between two reads is still one line end.
  assert.deepEqual(split(['loss 1\r', '\nloss 2\n']), ['loss 1', 'loss 2']);
});

test('an unterminated tail waits for the next chunk and is given by end()', () => {
  const splitter = new TerminalLineSplitter();
  assert.deepEqual(splitter.push('Epoch 1/'), []);
  assert.deepEqual(splitter.push('3\n 12/'), ['Epoch 1/3']);
  assert.deepEqual(splitter.end(), [' 12/']);
  assert.deepEqual(splitter.end(), []);
});

test('tqdm redraws: each \\r state is a line, nested bars lose their \\x1b[A cursor-up', () => {
  const out = split([
    '\rEpoch 0:   0%|          | 0/938 [00:00<?, ?it/s]',
    '\rEpoch 0:   1%|1         | 9/938 [00:00<00:10, 88.1it/s, v_num=0]',
    '\n\x1b[A\rValidation DataLoader 0:   0%|          | 0/157 [00:00<?, ?it/s]\x1b[A',
  ]);
  assert.deepEqual(out, [
    'Epoch 0:   0%|          | 0/938 [00:00<?, ?it/s]',
    'Epoch 0:   1%|1         | 9/938 [00:00<00:10, 88.1it/s, v_num=0]',
    'Validation DataLoader 0:   0%|          | 0/157 [00:00<?, ?it/s]',
  ]);
});

test('Keras 2 \\b redraws and Keras 3 colour codes, cut mid-escape between chunks', () => {
  const keras2 = split([' 32/1719 [>.....] - ETA: 3s - loss: 0.9', '\b'.repeat(38) + '\r', '1719/1719 [======] - 2s 1ms/step - loss: 0.5\n']);
  assert.deepEqual(keras2, [' 32/1719 [>.....] - ETA: 3s - loss: 0.9', '1719/1719 [======] - 2s 1ms/step - loss: 0.5']);
  const keras3 = split(['\x1b[1m125/125\x1b[0m \x1b[32m━━\x1b', '[0m\x1b[37m\x1b[0m \x1b[1m1s\x1b[0m 10ms/step - loss: 0.8\n']);
  assert.deepEqual(keras3, ['125/125 ━━ 1s 10ms/step - loss: 0.8']);
});

test('stripAnsi removes CSI, OSC (BEL and ST ended) and two-byte escapes, and leaves plain text as is', () => {
  assert.equal(stripAnsi('\x1b[34m\x1b[1mwandb\x1b[0m: Syncing run \x1b[33mresilient-energy-474\x1b[0m'), 'wandb: Syncing run resilient-energy-474');
  assert.equal(stripAnsi('\x1b]0;title\x07x\x1b]8;;http://a\x1b\\link\x1b]8;;\x1b\\'), 'xlink');
  assert.equal(stripAnsi('\x1b7saved\x1b8\x1b(B'), 'saved');
  assert.equal(stripAnsi('\x1b[2K\x1b[1Gplain'), 'plain');
  const plain = 'no escapes here';
  assert.equal(stripAnsi(plain), plain);
});

test('a line that never ends is handed on in bounded pieces', () => {
  const splitter = new TerminalLineSplitter();
  const big = 'x'.repeat(70 * 1024);
  const lines = splitter.push(big);
  assert.equal(lines.length, 1);
  assert.equal(lines[0].length, big.length);
  assert.deepEqual(splitter.end(), []);
});

test('peekRedraw gives a bar state before the next redraw ends it, once; never half of an ordinary line', () => {
  const splitter = new TerminalLineSplitter();
  assert.deepEqual(splitter.push('step 100: loss 0.5'), []);
  assert.equal(splitter.peekRedraw(), null); // an ordinary line still being written
  assert.deepEqual(splitter.push('23\n\rSteps:  1%| | 8/1000 [00:20<37:50,  2.29s/it, loss=0.094]'), ['step 100: loss 0.523']);
  assert.equal(splitter.peekRedraw(), 'Steps:  1%| | 8/1000 [00:20<37:50,  2.29s/it, loss=0.094]');
  assert.equal(splitter.peekRedraw(), null);
  // The next redraw ends the peeked segment: it is not given twice.
  assert.deepEqual(splitter.push('\rSteps:  1%| | 9/1000 [00:22<37:50,  2.29s/it, loss=0.091]'), []);
  assert.equal(splitter.peekRedraw(), 'Steps:  1%| | 9/1000 [00:22<37:50,  2.29s/it, loss=0.091]');
  // A redraw cut before its end (block-buffered output) is not complete yet. (The peeked 9/1000 ends here, unrepeated.)
  assert.deepEqual(splitter.push('\r1719/1719 [==============================] - 2s 1ms/step - loss: 0.60'), []);
  assert.equal(splitter.peekRedraw(), null);
  assert.deepEqual(splitter.push('01\n\rSteps:  1%| | 10/1000 [00:24<37:50,  2.29s/it, loss=0.090]'), ['1719/1719 [==============================] - 2s 1ms/step - loss: 0.6001']);
  assert.equal(splitter.peekRedraw(), 'Steps:  1%| | 10/1000 [00:24<37:50,  2.29s/it, loss=0.090]');
  // A segment that grew after the peek is given whole.
  assert.deepEqual(splitter.push(' extra\n'), ['Steps:  1%| | 10/1000 [00:24<37:50,  2.29s/it, loss=0.090] extra']);
  assert.deepEqual(splitter.end(), []);
});
