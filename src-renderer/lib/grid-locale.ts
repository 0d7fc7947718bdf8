import type { GridLocaleText } from '@mui/x-data-grid';
import { faIR } from '@mui/x-data-grid/locales';
import { fa as t } from '../i18n/fa';
import { fa } from './format';

/** MUI X's Persian grid texts, plus the page range it leaves in English, with Persian digits; for every grid. */
export const gridLocaleText: Partial<GridLocaleText> = {
  ...faIR.components.MuiDataGrid.defaultProps.localeText,
  paginationDisplayedRows: ({ from, to, count }) =>
    count === -1 ? t.grid.rangeOpen(fa(from), fa(to)) : t.grid.range(fa(from), fa(to), fa(count)),
};

/** Page sizes with their labels in Persian digits. */
export function pageSizeOptions(sizes: number[]): Array<{ value: number; label: string }> {
  return sizes.map((value) => ({ value, label: fa(value) }));
}
