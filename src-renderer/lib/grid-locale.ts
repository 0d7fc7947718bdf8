import type { GridLocaleText } from '@mui/x-data-grid';
import { faIR } from '@mui/x-data-grid/locales';
import { fa as t } from '../i18n/fa';
import { fa } from './format';

/**
 * MUI X's Persian grid texts, plus the page range it leaves in English, with Persian digits.
 * Used by the staff, settings and audit screens (a candidate for lib/ when other areas need it).
 */
export const gridLocaleText: Partial<GridLocaleText> = {
  ...faIR.components.MuiDataGrid.defaultProps.localeText,
  paginationDisplayedRows: ({ from, to, count }) =>
    count === -1 ? t.audit.gridRangeOpen(fa(from), fa(to)) : t.audit.gridRange(fa(from), fa(to), fa(count)),
};

/** Page sizes with their labels in Persian digits. */
export function pageSizeOptions(sizes: number[]): Array<{ value: number; label: string }> {
  return sizes.map((value) => ({ value, label: fa(value) }));
}
