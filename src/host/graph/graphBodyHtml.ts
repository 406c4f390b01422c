// The static DOM of the graph webview (toolbar, canvas, search results, legend, properties pane, the
// status element tests read, the load progress). Free of vscode imports so the Chromium benchmark can serve the same page.

/**
 * The body markup the graph webview script fills; `progress`: what loading does, shown from the first moment;
 * `profile`: offer Profile Model… (ONNX files, which ONNX Runtime runs).
 */
export function graphBodyHtml(progress = 'Loading the model…', profile = false): string {
  return `<div id="toolbar" role="toolbar" aria-label="Graph tools">
  <input id="search" type="search" placeholder="Search nodes by name or op" aria-label="Search nodes by name or op">
  <button id="fit" type="button" title="Fit the graph to the window (0)">Fit</button>
  <button id="expand-all" type="button" title="Expand every group">Expand all</button>
  <button id="collapse-all" type="button" title="Collapse every group">Collapse all</button>
  <button id="export-png" type="button" title="Save the current view as a PNG image">Export PNG</button>
  <button id="export-svg" type="button" title="Save the current view as an SVG (vector) image">Export SVG</button>
  <label for="color-by">Colour by</label>
  <select id="color-by"><option value="op">op type</option><option value="params">params</option><option value="macs">MACs</option><option value="time" hidden disabled>time (profile)</option></select>
  <button id="profile-model" type="button" title="Run this model with ONNX Runtime and colour the graph by the time each node takes"${profile ? '' : ' hidden'}>Profile Model…</button>
  <span id="summary" aria-live="polite"></span>
</div>
<div id="main">
  <div id="canvas-wrap"><canvas id="graph" tabindex="0" aria-label="Model graph: drag to pan, wheel to zoom, click a group to expand it, click a node for its properties"></canvas>
    <ul id="results" role="listbox" aria-label="Search results" hidden></ul>
    <div id="legend" aria-label="Colour legend"></div>
    <div id="progress" role="status" aria-live="polite">${escapeText(progress)}</div>
  </div>
  <aside id="properties" aria-label="Node properties"><p class="hint">Click a node to see its properties.</p></aside>
</div>
<div id="graph-status" data-state="loading" hidden></div>
<div id="error" role="alert" hidden></div>`;
}

function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
