// Tabs as torch-tb-profiler showed its views: a bar of buttons, each tab's content built the first time it is
// shown (the timeline's index of a million events is not built until asked for) and kept while the data stays.

export interface TabSpec {
  id: string;
  label: string;
  build: () => HTMLElement;
  /** Runs each time the tab is shown (after build). */
  shown?: () => void;
}

export class TabBar {
  readonly element: HTMLElement;
  private readonly bar: HTMLElement;
  private readonly header: HTMLElement;
  private readonly body: HTMLElement;
  private tabs: TabSpec[] = [];
  private readonly built = new Map<string, HTMLElement>();
  current = '';

  constructor(private readonly onShow: (id: string) => void) {
    this.element = document.createElement('div');
    this.element.className = 'tp-tabs';
    this.bar = document.createElement('nav');
    this.bar.className = 'tp-tabbar';
    this.bar.setAttribute('role', 'tablist');
    this.body = document.createElement('div');
    this.body.className = 'tp-tabbody';
    this.header = document.createElement('header');
    this.header.className = 'tp-header';
    this.element.append(this.header, this.bar, this.body);
  }

  /** What shows above the tab bar whatever the tab (the file, the actions). */
  setHeader(...content: Node[]): void {
    this.header.replaceChildren(...content);
  }

  /** Replaces the tabs (content is rebuilt); keeps the current tab when it still exists. */
  setTabs(tabs: TabSpec[], preferred?: string): void {
    this.tabs = tabs;
    this.built.clear();
    this.body.replaceChildren();
    this.bar.replaceChildren(
      ...tabs.map((tab) => {
        const button = document.createElement('button');
        button.setAttribute('role', 'tab');
        button.dataset.tab = tab.id;
        button.textContent = tab.label;
        button.addEventListener('click', () => this.show(tab.id));
        return button;
      }),
    );
    const keep = tabs.find((tab) => tab.id === preferred) ?? tabs.find((tab) => tab.id === this.current) ?? tabs[0];
    this.current = '';
    if (keep) this.show(keep.id);
  }

  get ids(): string[] {
    return this.tabs.map((tab) => tab.id);
  }

  show(id: string): void {
    const tab = this.tabs.find((candidate) => candidate.id === id);
    if (!tab) return;
    this.current = id;
    for (const button of this.bar.querySelectorAll<HTMLButtonElement>('button')) button.setAttribute('aria-selected', String(button.dataset.tab === id));
    let content = this.built.get(id);
    if (!content) {
      content = tab.build();
      content.dataset.tab = id;
      this.built.set(id, content);
      this.body.append(content);
    }
    for (const child of this.body.children) (child as HTMLElement).hidden = child !== content;
    tab.shown?.();
    this.onShow(id);
  }
}
