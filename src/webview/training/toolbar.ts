// The toolbar: tag filter, smoothing slider and mode, x axis, log-scale Y. It edits the shared options in place
// and reports which one changed.
import type { SmoothingMode } from '../../core/charts/smoothing';
import type { XAxisMode } from '../../core/charts/xAxis';
import type { ChartViewOptions } from '../../core/protocol/training';

/** Toolbar settings (declared in the protocol: the host saves them). */
export type ChartOptions = ChartViewOptions;

export const defaultOptions: ChartOptions = { smoothing: 0.6, smoothingMode: 'ema', xAxis: 'step', logY: false, filter: '' };

/** Which option changed. */
export type OptionName = keyof ChartOptions;

export function buildToolbar(options: ChartOptions, onChange: (name: OptionName) => void): HTMLElement {
  const bar = document.createElement('div');
  bar.className = 'ts-toolbar';

  const filter = document.createElement('input');
  filter.type = 'search';
  filter.placeholder = 'Filter tags (regex)';
  filter.value = options.filter;
  filter.setAttribute('aria-label', 'Filter tags');
  filter.addEventListener('input', () => {
    options.filter = filter.value;
    onChange('filter');
  });

  const slider = document.createElement('input');
  slider.type = 'range';
  slider.min = '0';
  slider.max = '0.99';
  slider.step = '0.01';
  slider.value = String(options.smoothing);
  slider.className = 'ts-smoothing';
  slider.setAttribute('aria-label', 'Smoothing');
  const sliderValue = document.createElement('span');
  sliderValue.className = 'ts-value';
  sliderValue.textContent = options.smoothing.toFixed(2);
  slider.addEventListener('input', () => {
    options.smoothing = Number(slider.value);
    sliderValue.textContent = options.smoothing.toFixed(2);
    onChange('smoothing');
  });

  const mode = select<SmoothingMode>('Smoothing method', [['ema', 'EMA (TensorBoard)'], ['average', 'Running average']], options.smoothingMode, (value) => {
    options.smoothingMode = value;
    onChange('smoothingMode');
  });
  const xAxis = select<XAxisMode>('X axis', [['step', 'Step'], ['relative', 'Relative time'], ['wall', 'Wall time']], options.xAxis, (value) => {
    options.xAxis = value;
    onChange('xAxis');
  });

  const log = document.createElement('input');
  log.type = 'checkbox';
  log.checked = options.logY;
  log.addEventListener('change', () => {
    options.logY = log.checked;
    onChange('logY');
  });
  const logLabel = document.createElement('label');
  logLabel.append(log, ' Log Y');

  const smoothingLabel = document.createElement('label');
  smoothingLabel.append('Smoothing ', slider, sliderValue);
  const axisLabel = document.createElement('label');
  axisLabel.append('X ', xAxis);
  bar.append(filter, smoothingLabel, mode, axisLabel, logLabel);
  return bar;
}

function select<T extends string>(label: string, choices: [T, string][], value: T, onChange: (value: T) => void): HTMLSelectElement {
  const element = document.createElement('select');
  element.setAttribute('aria-label', label);
  for (const [key, text] of choices) element.add(new Option(text, key, false, key === value));
  element.addEventListener('change', () => onChange(element.value as T));
  return element;
}
