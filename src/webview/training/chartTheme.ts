// The Training panel's charts take their colours from VS Code's theme variables, read when a chart is built.

/** A theme variable's value on the page (VS Code sets them on body), else `fallback`. */
export function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** uPlot axis styling in the theme's foreground and border colours. */
export function themedAxis(): { stroke: string; grid: { stroke: string; width: number }; ticks: { stroke: string } } {
  const gridColor = cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.2)');
  return { stroke: cssVar('--vscode-foreground', '#ccc'), grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor } };
}
