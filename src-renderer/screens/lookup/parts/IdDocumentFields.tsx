import { MenuItem, Stack, Typography } from '@mui/material';
import type { Control, FieldValues, Path } from 'react-hook-form';
import { ID_DOCUMENT_TYPES } from '../../../../shared/contract/common';
import { fa } from '../../../i18n/fa';
import { FormText } from '../../../lib/forms';

/**
 * The identity document the clerk saw, as every counter action records it (type + number). The
 * form's schema must have `idDocument: { type, number }`.
 */
export function IdDocumentFields<T extends FieldValues>({ control, autoFocus = false }: { control: Control<T>; autoFocus?: boolean }) {
  return (
    <Stack spacing={1.5}>
      <Typography variant="subtitle2">{fa.idDocument.title}</Typography>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1.5}>
        <FormText
          control={control}
          name={'idDocument.type' as Path<T>}
          label={fa.idDocument.type}
          select
          autoFocus={autoFocus}
          data-testid="id-document-type"
          sx={{ minWidth: 200 }}
        >
          {ID_DOCUMENT_TYPES.map((type) => (
            <MenuItem key={type} value={type} data-testid={`id-document-type-${type}`}>
              {fa.idDocument.types[type]}
            </MenuItem>
          ))}
        </FormText>
        <FormText
          control={control}
          name={'idDocument.number' as Path<T>}
          label={fa.idDocument.number}
          helperText={fa.lookup.doc.hint}
          slotProps={{ htmlInput: { dir: 'ltr', 'data-testid': 'id-document-number' } }}
        />
      </Stack>
    </Stack>
  );
}
