import { toPersianDigits } from '../shared/text/digits';
import { updating } from './i18n/fa/updating';

/**
 * Issue 11: "updating the database, N%". Main shows this page in its own window while a long
 * migration runs (the app and its IPC are not up yet) and moves the fragment: `#45` is 45%.
 * No framework: it must paint at once.
 */
function render(): void {
  const percent = /^#(\d{1,3})$/.exec(window.location.hash)?.[1];
  document.title = updating.title;
  document.getElementById('progress')!.textContent =
    percent === undefined ? updating.starting : updating.progress.replace('{percent}', toPersianDigits(Math.min(100, Number(percent))));
  const bar = document.getElementById('bar') as HTMLProgressElement;
  if (percent === undefined) bar.removeAttribute('value');
  else bar.value = Math.min(100, Number(percent));
  document.getElementById('hint')!.textContent = updating.hint;
}

window.addEventListener('hashchange', render);
render();
