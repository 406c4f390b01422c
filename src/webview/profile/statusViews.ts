// The page's states before a result: reading under way (a bar with the bytes read) and failure (the message as
// the host wrote it: file, offset, what was expected).
import { formatBytes } from '../../core/display/quantities';
import type { ProfileFailure, ProfileProgress } from '../../core/protocol/profile';

export function progressView(progress: ProfileProgress): HTMLElement {
  const element = document.createElement('section');
  element.className = 'tp-progress';
  const title = document.createElement('h2');
  title.textContent = progress.title;
  const bar = document.createElement('progress');
  const known = progress.totalBytes > 0;
  if (known) {
    bar.max = progress.totalBytes;
    bar.value = Math.min(progress.bytesRead, progress.totalBytes);
  }
  const text = document.createElement('p');
  text.textContent = known
    ? `${formatBytes(progress.bytesRead)} of ${formatBytes(progress.totalBytes)} read (${((100 * progress.bytesRead) / progress.totalBytes).toFixed(0)} %)`
    : `${formatBytes(progress.bytesRead)} read`;
  element.append(title, bar, text);
  return element;
}

export function failureView(failure: ProfileFailure): HTMLElement {
  const element = document.createElement('section');
  element.className = 'tp-failure';
  element.setAttribute('role', 'alert');
  const title = document.createElement('h2');
  title.textContent = failure.title;
  const message = document.createElement('pre');
  message.textContent = failure.message;
  element.append(title, message);
  return element;
}
