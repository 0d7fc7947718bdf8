import type { FieldValues, FormState, UseFormReturn } from 'react-hook-form';
import type { Channel } from '../../../shared/contract';
import type { Settings } from '../../../shared/contract/settings.contract';
import { useAction } from '../../api/hooks';
import { sendFormTo } from '../../lib/form-action';
import { useNotify } from '../../lib/notify';

type Dirty<V extends FieldValues> = FormState<V>['dirtyFields'];

/** By default the patch is the changed fields' values, as the form's schema made them. */
function changedFields<V extends FieldValues, O>(values: O, dirty: Dirty<V>): Partial<Settings> {
  return Object.fromEntries(Object.keys(dirty).map((k) => [k, (values as Record<string, unknown>)[k]])) as Partial<Settings>;
}

/**
 * A settings form's submit: only the fields the supervisor changed go to settings:update (so the
 * audit entry names exactly those), the form is reset to what main stored, and the outcome is
 * told. `patchOf` says what changed where a form's fields are not the settings one to one.
 */
export function useSettingsPatch<V extends FieldValues, O>(
  form: UseFormReturn<V, unknown, O>,
  toForm: (s: Settings) => V,
  text: { saved: string; nothingChanged: string },
  invalidates: Channel[],
  patchOf: (values: O, dirty: Dirty<V>) => Partial<Settings> = changedFields,
) {
  const notify = useNotify();
  // Read during render: react-hook-form tracks dirty fields only for a form state that is read.
  void form.formState.dirtyFields;
  const update = useAction('settings:update', { invalidates: ['settings:get', 'app:status', ...invalidates] });
  const submit = form.handleSubmit((values) => {
    const patch = patchOf(values, form.formState.dirtyFields);
    if (Object.keys(patch).length === 0) {
      notify(text.nothingChanged, 'info');
      return;
    }
    sendFormTo(form, update, patch, (next) => {
      form.reset(toForm(next));
      notify(text.saved);
    });
  });
  return { update, submit };
}
