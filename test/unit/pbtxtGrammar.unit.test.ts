// The protobuf text-format TextMate grammar, run by the same engine VS Code uses (vscode-textmate + oniguruma),
// over real samples written by OpenCV/Caffe authors, protobuf's text printer (TensorFlow SavedModel, ONNX) and
// checked against token counts from protobuf's own tokenizer (test/fixtures/pbtxt/tokenCounts.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar, type StateStack } from 'vscode-textmate';

const root = resolve(__dirname, '../..');
const samples = resolve(root, 'test/fixtures/pbtxt');
const grammarPath = resolve(root, 'syntaxes/pbtxt.tmLanguage.json');
const configPath = resolve(root, 'syntaxes/pbtxt.language-configuration.json');

/** One token of one line: its text and its scope stack, outermost first. */
interface Token { text: string; scopes: string[] }

/** Every line's tokens, the rule stack left after the last line, and the stack of an empty document. */
interface Tokenized { lines: Token[][]; end: StateStack; topLevel: StateStack }

let grammarPromise: Promise<IGrammar> | undefined;

function loadGrammar(): Promise<IGrammar> {
  grammarPromise ??= (async () => {
    await oniguruma.loadWASM(readFileSync(resolve(root, 'node_modules/vscode-oniguruma/release/onig.wasm')));
    const registry = new Registry({
      onigLib: Promise.resolve({ createOnigScanner: oniguruma.createOnigScanner, createOnigString: oniguruma.createOnigString }),
      loadGrammar: async (scopeName) => scopeName === 'source.pbtxt' ? parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null,
    });
    const grammar = await registry.loadGrammar('source.pbtxt');
    assert.ok(grammar, 'the grammar loads');
    return grammar;
  })();
  return grammarPromise;
}

async function tokenize(text: string): Promise<Tokenized> {
  const grammar = await loadGrammar();
  let stack = INITIAL;
  const lines: Token[][] = [];
  for (const [index, line] of text.split('\n').entries()) {
    // A time limit makes a runaway regex show up as stoppedEarly instead of a hang.
    const result = grammar.tokenizeLine(line, stack, 2000);
    assert.equal(result.stoppedEarly, false, `line ${index + 1} stopped early`);
    const tokens = result.tokens.map((t, i) => ({
      text: line.slice(t.startIndex, result.tokens[i + 1]?.startIndex ?? line.length),
      scopes: t.scopes,
    }));
    assert.equal(tokens.map((t) => t.text).join(''), line, `line ${index + 1} is covered by its tokens`);
    lines.push(tokens);
    stack = result.ruleStack;
  }
  return { lines, end: stack, topLevel: grammar.tokenizeLine('', INITIAL).ruleStack };
}

const atTopLevel = (tokenized: Tokenized): boolean => tokenized.end.equals(tokenized.topLevel);
const has = (token: Token, prefix: string): boolean => token.scopes.some((s) => s.startsWith(prefix));

/** The token with this exact text on the first line that contains `lineText`. */
function tokenOn(tokenized: Tokenized, lineText: string, text: string): Token {
  const line = tokenized.lines.find((tokens) => tokens.map((t) => t.text).join('').includes(lineText));
  assert.ok(line, `a line contains ${JSON.stringify(lineText)}`);
  const token = line.find((t) => t.text === text);
  assert.ok(token, `${JSON.stringify(lineText)} has a token ${JSON.stringify(text)}: ${JSON.stringify(line.map((t) => t.text))}`);
  return token;
}

function assertScope(tokenized: Tokenized, lineText: string, text: string, scope: string): void {
  const token = tokenOn(tokenized, lineText, text);
  assert.ok(has(token, scope), `${JSON.stringify(text)} in ${JSON.stringify(lineText)} is ${scope}, got ${token.scopes.join(' ')}`);
}

/** What the grammar classes each token as, in the categories of tokenCounts.json. */
function countScopes(tokenized: Tokenized): Record<string, number> {
  const categories: Record<string, (t: Token) => boolean> = {
    comments: (t) => has(t, 'punctuation.definition.comment'),
    fields: (t) => has(t, 'variable.other.field') || has(t, 'entity.name.type.any'),
    strings: (t) => has(t, 'punctuation.definition.string.begin'),
    numbers: (t) => has(t, 'constant.numeric'),
    enums: (t) => has(t, 'constant.other.enum'),
    booleans: (t) => has(t, 'constant.language.boolean'),
    blocks: (t) => has(t, 'punctuation.section.block.begin'),
    invalid: (t) => has(t, 'invalid'),
  };
  const counts: Record<string, number> = { lines: tokenized.lines.length };
  for (const [name, matches] of Object.entries(categories)) {
    counts[name] = tokenized.lines.flat().filter(matches).length;
  }
  return counts;
}

const tokenCounts = JSON.parse(readFileSync(resolve(samples, 'tokenCounts.json'), 'utf8')) as Record<string, Record<string, number>>;
const readSample = (name: string): string => readFileSync(resolve(samples, name), 'utf8');

for (const [name, expected] of Object.entries(tokenCounts)) {
  test(`${name}: every token gets the class protobuf's tokenizer gives it, nothing is invalid, and blocks balance`, async () => {
    const tokenized = await tokenize(readSample(name));
    assert.deepEqual(countScopes(tokenized), { ...expected, invalid: 0 });
    assert.ok(atTopLevel(tokenized), 'the rule stack is back at the top level after the last line');
  });
}

test('Caffe deploy net: fields, strings, numbers, enums and the comment', async () => {
  const net = await tokenize(readSample('caffe/SqueezeNet_deploy.prototxt'));
  assertScope(net, '# SqueezeNet architecture', '#', 'punctuation.definition.comment.pbtxt');
  assertScope(net, '# SqueezeNet architecture', ' SqueezeNet architecture for image classification on ImageNet dataset', 'comment.line.number-sign.pbtxt');
  assertScope(net, 'layer {', 'layer', 'variable.other.field.pbtxt');
  assertScope(net, 'layer {', '{', 'punctuation.section.block.begin.pbtxt');
  assertScope(net, 'input: "data"', 'data', 'string.quoted.double.pbtxt');
  assertScope(net, 'input: "data"', ':', 'punctuation.separator.key-value.pbtxt');
  assertScope(net, 'num_output: 96', '96', 'constant.numeric.integer.decimal.pbtxt');
  assertScope(net, 'negative_slope: 0.01', '0.01', 'constant.numeric.float.pbtxt');
  assertScope(net, 'pool: MAX', 'MAX', 'constant.other.enum.pbtxt');
  assertScope(net, 'pool: MAX', 'pool', 'variable.other.field.pbtxt');
});

test('Caffe solver and SSD net: enums, exponent-free floats and booleans', async () => {
  const solver = await tokenize(readSample('caffe/SqueezeNet_solver.prototxt'));
  assertScope(solver, 'solver_mode: GPU', 'GPU', 'constant.other.enum.pbtxt');
  assertScope(solver, 'weight_decay: 0.0002', '0.0002', 'constant.numeric.float.pbtxt');
  assertScope(solver, 'max_iter: 1500000', '1500000', 'constant.numeric.integer.decimal.pbtxt');
  const ssd = await tokenize(readSample('caffe/textbox.prototxt'));
  assertScope(ssd, 'global_pooling: true', 'true', 'constant.language.boolean.pbtxt');
  assertScope(ssd, 'flip: false', 'false', 'constant.language.boolean.pbtxt');
  assertScope(ssd, 'code_type: CENTER_SIZE', 'CENTER_SIZE', 'constant.other.enum.pbtxt');
  const train = await tokenize(readSample('caffe/SqueezeDet_train_test.prototxt'));
  assertScope(train, 'phase: TRAIN', 'TRAIN', 'constant.other.enum.pbtxt');
});

test('TensorFlow GraphDef and SavedModel text: dtypes, negative sizes, octal escapes', async () => {
  const graph = await tokenize(readSample('tensorflow/half_plus_two_graph.pbtxt'));
  assertScope(graph, 'type: DT_FLOAT', 'DT_FLOAT', 'constant.other.enum.pbtxt');
  assertScope(graph, 'float_val: 0.5', '0.5', 'constant.numeric.float.pbtxt');
  assertScope(graph, 'size: -1', '-1', 'constant.numeric.integer.decimal.pbtxt');
  const saved = await tokenize(readSample('tensorflow/half_plus_two_saved_model.pbtxt'));
  // The tfjs schema's DataType enum lacks DT_HALF (19): protobuf prints the number, still a valid value.
  assertScope(saved, 'type: 19', '19', 'constant.numeric.integer.decimal.pbtxt');
  assertScope(saved, 'is_ref: true', 'true', 'constant.language.boolean.pbtxt');
  const escaped = 'value: "\\n\\003a:0\\022\\010a/Assign';
  assertScope(saved, escaped, '\\003', 'constant.character.escape.pbtxt');
  assertScope(saved, escaped, '\\n', 'constant.character.escape.pbtxt');
  assertScope(saved, escaped, 'a:0', 'string.quoted.double.pbtxt');
});

test('ONNX model text: attribute enums, negative floats and raw_data escapes', async () => {
  const conv = await tokenize(readSample('onnx/pytorch_conv2d.onnx.pbtxt'));
  assertScope(conv, 'type: INTS', 'INTS', 'constant.other.enum.pbtxt');
  const rawData = conv.lines.find((tokens) => tokens.some((t) => t.text === 'raw_data'));
  assert.ok(rawData, 'the initializer has raw_data');
  const escapes = rawData.filter((t) => has(t, 'constant.character.escape'));
  for (const text of ['\\"', '\\\\', "\\'", '\\n', '\\276']) {
    assert.ok(escapes.some((t) => t.text === text), `raw_data escape ${text} is an escape`);
  }
  assert.ok(has(rawData[rawData.length - 1], 'punctuation.definition.string.end'), 'raw_data string closes on its line');
  const ifThen = await tokenize(readSample('onnx/migraphx_if_then_test.onnx.pbtxt'));
  assertScope(ifThen, 'float_data: -0.2669131', '-0.2669131', 'constant.numeric.float.pbtxt');
  assertScope(ifThen, 'type: GRAPH', 'GRAPH', 'constant.other.enum.pbtxt');
});

test('tricky lines: nested <>, extensions, Any, lists, exponents, inf/nan, hex, quotes', async () => {
  const text = [
    'a < b < c: 1 > d { e: -2.5E+3 } >',
    '[com.example.ext_field]: 7',
    '[type.googleapis.com/tensorflow.GraphDef] { node { name: "x" } }',
    'values: [1, 2, 3]; shape: [-1, 0x1F, 1.0f], names: ["a", \'b\'], kinds: [A, B]',
    'lr: 1e-5 max: inf min: -inf bad: nan big: -Infinity',
    "text: 'it\\'s \\x41\\u00e9\\101' flag: True other: False",
    'msg { } empty: {} angle: <>',
    'concat: "ab" "cd"',
  ].join('\n');
  const t = await tokenize(text);
  assertScope(t, 'a < b', 'c', 'variable.other.field.pbtxt');
  assertScope(t, 'a < b', '<', 'punctuation.section.block.begin.pbtxt');
  assertScope(t, 'a < b', '>', 'punctuation.section.block.end.pbtxt');
  assertScope(t, 'a < b', '-2.5E+3', 'constant.numeric.float.pbtxt');
  assertScope(t, 'a < b', 'd', 'variable.other.field.pbtxt');
  assertScope(t, '[com.example', 'com.example.ext_field', 'variable.other.field.extension.pbtxt');
  assertScope(t, '[com.example', '7', 'constant.numeric.integer.decimal.pbtxt');
  assertScope(t, '[type.googleapis', 'type.googleapis.com/', 'entity.name.namespace.type-url.pbtxt');
  assertScope(t, '[type.googleapis', 'tensorflow.GraphDef', 'entity.name.type.any.pbtxt');
  assertScope(t, 'values: [1', '[', 'punctuation.section.list.begin.pbtxt');
  assertScope(t, 'values: [1', '3', 'constant.numeric.integer.decimal.pbtxt');
  assertScope(t, 'values: [1', ';', 'punctuation.separator.delimiter.pbtxt');
  assertScope(t, 'values: [1', 'shape', 'variable.other.field.pbtxt');
  assertScope(t, 'values: [1', '-1', 'constant.numeric.integer.decimal.pbtxt');
  assertScope(t, 'values: [1', '0x1F', 'constant.numeric.integer.hexadecimal.pbtxt');
  assertScope(t, 'values: [1', '1.0f', 'constant.numeric.float.pbtxt');
  assertScope(t, 'values: [1', 'b', 'string.quoted.single.pbtxt');
  assertScope(t, 'values: [1', 'B', 'constant.other.enum.pbtxt');
  assertScope(t, 'values: [1', 'kinds', 'variable.other.field.pbtxt');
  assertScope(t, 'lr: 1e-5', '1e-5', 'constant.numeric.float.pbtxt');
  assertScope(t, 'lr: 1e-5', 'inf', 'constant.numeric.float.infinity.pbtxt');
  assertScope(t, 'lr: 1e-5', '-inf', 'constant.numeric.float.infinity.pbtxt');
  assertScope(t, 'lr: 1e-5', 'nan', 'constant.numeric.float.nan.pbtxt');
  assertScope(t, 'lr: 1e-5', '-Infinity', 'constant.numeric.float.infinity.pbtxt');
  assertScope(t, 'lr: 1e-5', 'max', 'variable.other.field.pbtxt');
  for (const escape of ["\\'", '\\x41', '\\u00e9', '\\101']) assertScope(t, 'text: ', escape, 'constant.character.escape.pbtxt');
  assertScope(t, 'text: ', 'True', 'constant.language.boolean.pbtxt');
  assertScope(t, 'text: ', 'False', 'constant.language.boolean.pbtxt');
  assertScope(t, 'text: ', 'other', 'variable.other.field.pbtxt');
  assertScope(t, 'msg { }', 'msg', 'variable.other.field.pbtxt');
  assertScope(t, 'msg { }', 'angle', 'variable.other.field.pbtxt');
  assertScope(t, 'concat:', 'cd', 'string.quoted.double.pbtxt');
  assert.equal(countScopes(t).invalid, 0);
  assert.ok(atTopLevel(t));
});

test('a field name and its block on different lines, and a value on the line after its colon', async () => {
  const t = await tokenize('layer\n{\n  name:\n    "conv1"\n  pool:\n    AVE\n}');
  assertScope(t, 'layer', 'layer', 'variable.other.field.pbtxt');
  assertScope(t, '"conv1"', 'conv1', 'string.quoted.double.pbtxt');
  assertScope(t, 'AVE', 'AVE', 'constant.other.enum.pbtxt');
  assert.ok(atTopLevel(t));
});

test('bad input is marked invalid and stays on its line: unclosed strings, stray closers, bad escapes and numbers', async () => {
  const t = await tokenize('name: "unclosed\nnext: 1\n}\na { b: 1 >\n}\ns: "\\q"\nn: 12abc\nm: 089');
  assertScope(t, 'name: "unclosed', '"unclosed', 'invalid.illegal.unclosed-string.pbtxt');
  assertScope(t, 'next: 1', 'next', 'variable.other.field.pbtxt');
  assertScope(t, 'next: 1', '1', 'constant.numeric.integer.decimal.pbtxt');
  assert.ok(has(t.lines[2][0], 'invalid.illegal.stray-bracket'), 'a } at the top level is a stray bracket');
  assertScope(t, 'a { b: 1 >', '>', 'invalid.illegal.stray-bracket.pbtxt');
  assertScope(t, 's: "', '\\q', 'invalid.illegal.unknown-escape.pbtxt');
  assertScope(t, 'n: 12abc', '12abc', 'invalid.illegal.number.pbtxt');
  assertScope(t, 'm: 089', '089', 'invalid.illegal.number.pbtxt');
  assert.ok(atTopLevel(t), 'the } on line 5 closed the block opened on line 4');
  const open = await tokenize('a {\n  b {\n    c: 1');
  assert.ok(!atTopLevel(open), 'an unclosed block leaves the rule stack inside it');
});

test('package.json contributes this grammar and configuration for the pbtxt language', () => {
  const manifest = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
  const grammar = JSON.parse(readFileSync(grammarPath, 'utf8'));
  const language = manifest.contributes.languages.find((l: { id: string }) => l.id === 'pbtxt');
  const contributed = manifest.contributes.grammars.find((g: { language: string }) => g.language === 'pbtxt');
  assert.equal(resolve(root, language.configuration), configPath);
  assert.equal(resolve(root, contributed.path), grammarPath);
  assert.equal(contributed.scopeName, grammar.scopeName);
  assert.deepEqual([...language.extensions].sort(), ['.pbtx', '.pbtxt', '.prototxt', '.textproto', '.txtpb']);
  assert.deepEqual(language.filenames, ['pipeline.config']);
});

test('language configuration: comments, pairs, and indentation that follows the real files', () => {
  const config = JSON.parse(readFileSync(configPath, 'utf8'));
  assert.equal(config.comments.lineComment, '#');
  assert.deepEqual(config.brackets, [['{', '}'], ['[', ']'], ['<', '>']]);
  for (const pair of ['{}', '[]', '<>', '""', "''"]) {
    assert.ok(config.autoClosingPairs.some((p: { open: string; close: string }) => p.open + p.close === pair), `auto-closes ${pair}`);
    assert.ok(config.surroundingPairs.some((p: string[]) => p.join('') === pair), `surrounds with ${pair}`);
  }
  const increase = new RegExp(config.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
  const foldStart = new RegExp(config.folding.markers.start);
  const foldEnd = new RegExp(config.folding.markers.end);
  const indent = (line: string): number => line.length - line.trimStart().length;
  for (const name of Object.keys(tokenCounts)) {
    const lines = readSample(name).split('\n');
    lines.forEach((line, i) => {
      const next = lines.slice(i + 1).find((l) => l.trim() !== '');
      // The authors' own indentation says where a block opens and closes.
      const opens = next !== undefined && line.trim() !== '' &&
        (indent(next) > indent(line) || (indent(next) === indent(line) && '}>]'.includes(next.trim()[0])));
      assert.equal(increase.test(line), opens, `${name}:${i + 1} ${JSON.stringify(line)} increases indent`);
      assert.equal(foldStart.test(line), opens, `${name}:${i + 1} ${JSON.stringify(line)} starts a fold`);
      const previous = lines.slice(0, i).reverse().find((l) => l.trim() !== '');
      const closes = previous !== undefined && line.trim() !== '' &&
        (indent(line) < indent(previous) || (indent(line) === indent(previous) && '{<['.includes(previous.trimEnd().slice(-1))));
      assert.equal(decrease.test(line), closes, `${name}:${i + 1} decreases indent`);
      assert.equal(foldEnd.test(line), closes, `${name}:${i + 1} ends a fold`);
    });
  }
});
