import type { UseMutationResult } from '@tanstack/react-query';
import type { FieldValues, UseFormReturn } from 'react-hook-form';
import type { CallError } from '../api/hooks';
import { applyServerIssues } from './forms';

type Action<I, D> = Pick<UseMutationResult<D, CallError, I>, 'mutate'>;

/**
 * Sends a form's values to its channel: main's field-level refusals go beside their fields (the
 * refusal itself stays on the action, for its Persian ErrorAlert); `onSaved` runs on success.
 */
export function sendFormTo<V extends FieldValues, O, I, D>(form: UseFormReturn<V, unknown, O>, action: Action<I, D>, input: I, onSaved: (data: D) => void): void {
  action.mutate(input, { onSuccess: onSaved, onError: (e) => applyServerIssues(form.setError, e.body) });
}

/** The usual submit: the form's checked values are exactly the channel's input. */
export function submitTo<V extends FieldValues, O, D>(form: UseFormReturn<V, unknown, O>, action: Action<O, D>, onSaved: (data: D, values: O) => void) {
  return form.handleSubmit((values) => sendFormTo(form, action, values, (data) => onSaved(data, values)));
}
