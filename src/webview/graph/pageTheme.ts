// The graph page's theme as VS Code sets it: the theme class on the body and the colours in its CSS variables.
import { graphTheme, type GraphTheme } from './graphTheme';

/** The theme class VS Code puts on the webview's body. */
function themeKind(): string {
  return ['vscode-high-contrast-light', 'vscode-high-contrast', 'vscode-light', 'vscode-dark'].find((kind) => document.body.classList.contains(kind)) ?? 'vscode-dark';
}

/** The page's theme now: VS Code's theme class on the body and the colours in its CSS variables. */
export function pageTheme(): GraphTheme {
  const css = getComputedStyle(document.body);
  return graphTheme(themeKind(), (name) => css.getPropertyValue(name));
}

/** Whether the page's theme is dark (node fills are chosen for it). */
export function pageIsDark(): boolean {
  return document.body.classList.contains('vscode-dark') || document.body.classList.contains('vscode-high-contrast');
}

/**
 * Calls `changed` on a theme change: VS Code swaps the body's class and theme id, and rewrites the variables on the
 * root element's style (a change between two dark themes touches only those).
 */
export function watchTheme(changed: () => void): void {
  const watch = new MutationObserver(changed);
  watch.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id', 'style'] });
  watch.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
}
