import { startApp } from './entry';

/** The Electron main process: the desk window, or `--cli` for a command-line task. */
startApp();
