// The timeline's toolbar: a search box (matches are outlined; Enter or the arrows step through them, selecting
// each), a Fit button, and a line saying how to move around.

export interface TimelineToolbar {
  element: HTMLElement;
  /** Sets the match counter's text ('' hides it). */
  setCount(text: string): void;
}

export function timelineToolbar(actions: { search(query: string): void; step(delta: number): void; fit(): void }): TimelineToolbar {
  const element = document.createElement('div');
  element.className = 'tp-toolbar';
  const input = document.createElement('input');
  input.type = 'search';
  input.placeholder = 'Search events by name';
  input.setAttribute('aria-label', 'Search timeline events');
  let timer: number | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => actions.search(input.value), 150);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    clearTimeout(timer);
    event.preventDefault();
    if (input.dataset.searched !== input.value) {
      input.dataset.searched = input.value;
      actions.search(input.value);
    }
    actions.step(event.shiftKey ? -1 : 1);
  });
  const button = (text: string, title: string, action: () => void) => {
    const b = document.createElement('button');
    b.textContent = text;
    b.title = title;
    b.addEventListener('click', action);
    return b;
  };
  const count = document.createElement('span');
  count.className = 'tp-muted tp-count';
  const hint = document.createElement('span');
  hint.className = 'tp-muted tp-hint';
  hint.textContent = 'Drag to pan · wheel or W/S to zoom · A/D to pan · Shift+wheel scrolls tracks · F fits · click selects';
  element.append(
    input,
    button('‹', 'Previous match (Shift+Enter)', () => actions.step(-1)),
    button('›', 'Next match (Enter)', () => actions.step(1)),
    count,
    button('Fit', 'Show the whole trace (F)', () => actions.fit()),
    hint,
  );
  return { element, setCount: (text) => (count.textContent = text) };
}
