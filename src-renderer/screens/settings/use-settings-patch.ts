import type { FieldValues, UseFormReturn } from 'react-hook-form';
import type { Channel } from '../../../shared/contract';
import type { Settings } from '../../../shared/contract/settings.contract';
import { useAction } from '../../api/hooks';
import { applyServerIssues } from '../../lib/forms';
import { useNotify } from '../../lib/notify';

/**
 * A settings form's submit: only the fields the supervisor changed go to settings:update (so the
 * audit entry names exactly those), the form is reset to what main stored, and the outcome is
 * told.
 */
export function useSettingsPatch<V extends FieldValues, O extends Record<string, unknown>>(
  form: UseFormReturn<V, unknown, O>,
  toForm: (s: Settings) => V,
  text: { saved: string; nothingChanged: string },
  invalidates: Channel[],
) {
  const notify = useNotify();
  // Read during render: react-hook-form tracks dirty fields only for a form state that is read.
  void form.formState.dirtyFields;
  const update = useAction('settings:update', { invalidates: ['settings:get', 'app:status', ...invalidates] });
  const submit = form.handleSubmit((values) => {
    const patch = Object.fromEntries(Object.keys(form.formState.dirtyFields).map((k) => [k, values[k]])) as Partial<Settings>;
    if (Object.keys(patch).length === 0) {
      notify(text.nothingChanged, 'info');
      return;
    }
    update.mutate(patch, {
      onSuccess: (next) => {
        form.reset(toForm(next));
        notify(text.saved);
      },
      onError: (e) => applyServerIssues(form.setError, e.body),
    });
  });
  return { update, submit };
}
