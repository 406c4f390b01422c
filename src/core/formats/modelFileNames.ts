// Matching file names against the registry's filePatterns ('*.onnx', 'model.json', '*.safetensors.index.json'),
// for surfaces that must not load the registry (its readers would be bundled with them): the extension host reads
// the same patterns from package.json's graph editor selectors, which a unit test keeps equal to the registry's.

/** Whether `fileName` (a base name) matches one of `patterns`; '*' stands only at the start, for any prefix. */
export function matchesFilePattern(fileName: string, patterns: readonly string[]): boolean {
  const name = fileName.toLowerCase();
  return patterns.some((pattern) => (pattern.startsWith('*') ? name.endsWith(pattern.slice(1).toLowerCase()) : name === pattern.toLowerCase()));
}

/** Extensions for a file picker's filter, without the dot: 'onnx', 'json' (for model.json), 'pb'. */
export function pickerExtensions(patterns: readonly string[]): string[] {
  return [...new Set(patterns.map((pattern) => pattern.slice(pattern.lastIndexOf('.') + 1).toLowerCase()))];
}

/**
 * The patterns the Model view follows in the active editor: every default one, and the option ones that name a
 * model by more than a bare extension (model.json, *.safetensors.index.json); *.bin, *.zip, *.prototxt mostly hold
 * something else and are shown only when asked for.
 */
export function followedPatterns(selectors: readonly { pattern: string; priority: 'default' | 'option' }[]): string[] {
  return selectors.filter(({ pattern, priority }) => priority === 'default' || !/^\*\.[^.]+$/.test(pattern)).map(({ pattern }) => pattern);
}
