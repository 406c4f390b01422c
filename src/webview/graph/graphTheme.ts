// The graph canvas's colours, derived from VS Code's theme variables: boxes, frames and edges are mixes of the
// editor's foreground into its background, so they read in any theme; high-contrast themes use their contrast
// borders instead of tints. Pure (the variables come in as a lookup), so the figures are tested without a browser.

/** Every colour and font the canvas draws with, as `#rrggbb` (or the theme's own CSS colour where noted). */
export interface GraphTheme {
  /** `vscode-dark`, `vscode-light`, `vscode-high-contrast` or `vscode-high-contrast-light`. */
  kind: string;
  dark: boolean;
  highContrast: boolean;
  background: string;
  foreground: string;
  /** Secondary text: group figures, edge shapes. */
  muted: string;
  edge: string;
  /** Node bodies (the attribute and weight lines under the coloured title band) and input/output nodes. */
  nodeBody: string;
  nodeBorder: string;
  /** Collapsed groups: a filled card with a strong border. */
  groupFill: string;
  groupBorder: string;
  /** Expanded group frames and their title bands. */
  frameFill: string;
  frameTitle: string;
  frameBorder: string;
  /** Outline of the selected item and of search matches (theme CSS colours). */
  selected: string;
  match: string;
  /** Backdrop of group names drawn over the graph when zoomed far out. */
  labelBackdrop: string;
  font: string;
}

type Rgb = [number, number, number];

/** Parses `#rgb`, `#rrggbb`, `#rrggbbaa` and `rgb()/rgba()` (alpha is dropped); undefined for anything else. */
export function parseColor(text: string): Rgb | undefined {
  const value = text.trim();
  const hex = /^#([0-9a-f]{3,8})$/i.exec(value)?.[1];
  if (hex && (hex.length === 3 || hex.length === 4)) return [0, 1, 2].map((i) => parseInt(hex[i] + hex[i], 16)) as Rgb;
  if (hex && (hex.length === 6 || hex.length === 8)) return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
  const fn = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(value);
  return fn ? ([Number(fn[1]), Number(fn[2]), Number(fn[3])] as Rgb) : undefined;
}

/** `#rrggbb` of an RGB triple. */
export function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0')).join('')}`;
}

/** `amount` (0..1) of colour `a` over colour `b`, as `#rrggbb`. */
export function mix(a: string, b: string, amount: number): string {
  const [x, y] = [parseColor(a) ?? [128, 128, 128], parseColor(b) ?? [128, 128, 128]];
  return toHex([0, 1, 2].map((i) => x[i] * amount + y[i] * (1 - amount)) as Rgb);
}

/** WCAG 2 relative luminance. */
export function luminance(color: string): number {
  const rgb = parseColor(color) ?? [0, 0, 0];
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The theme of the page from its body class and a lookup of CSS variables ('' when unset). */
export function graphTheme(kind: string, variable: (name: string) => string): GraphTheme {
  const highContrast = kind.startsWith('vscode-high-contrast');
  const get = (name: string, fallback: string) => variable(name).trim() || fallback;
  const dark = kind === 'vscode-dark' || kind === 'vscode-high-contrast';
  const background = toHex(parseColor(get('--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff')) ?? [30, 30, 30]);
  // Some themes leave editor.foreground unset; the workbench foreground is always there.
  const foreground = toHex(parseColor(get('--vscode-editor-foreground', get('--vscode-foreground', dark ? '#cccccc' : '#333333'))) ?? [204, 204, 204]);
  const font = get('--vscode-font-family', 'sans-serif');
  const selected = get('--vscode-focusBorder', '#007fd4');
  if (highContrast) {
    const border = get('--vscode-contrastBorder', dark ? '#6fc3df' : '#0f4a85');
    return {
      kind, dark, highContrast, background, foreground, font,
      muted: foreground,
      edge: foreground,
      nodeBody: background,
      nodeBorder: border,
      groupFill: background,
      groupBorder: border,
      frameFill: background,
      frameTitle: background,
      frameBorder: border,
      selected: get('--vscode-contrastActiveBorder', dark ? '#f38518' : '#006bbd'),
      match: get('--vscode-contrastActiveBorder', dark ? '#f38518' : '#006bbd'),
      labelBackdrop: background,
    };
  }
  return {
    kind, dark, highContrast, background, foreground, font, selected,
    muted: mix(foreground, background, 0.72),
    edge: mix(foreground, background, 0.55),
    nodeBody: mix(foreground, background, dark ? 0.1 : 0.04),
    nodeBorder: mix(foreground, background, 0.4),
    // A card clearly set off from the canvas in both themes (not the near-background widget colour).
    groupFill: mix(foreground, background, dark ? 0.2 : 0.17),
    groupBorder: mix(foreground, background, 0.6),
    frameFill: mix(foreground, background, dark ? 0.045 : 0.03),
    frameTitle: mix(foreground, background, dark ? 0.12 : 0.09),
    frameBorder: mix(foreground, background, 0.35),
    match: get('--vscode-editor-findMatchBorder', get('--vscode-editorOverviewRuler-findMatchForeground', '#d18616')),
    labelBackdrop: mix(foreground, background, dark ? 0.16 : 0.1),
  };
}
