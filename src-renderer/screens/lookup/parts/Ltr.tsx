import { fa as digits } from '../../../lib/format';

/**
 * A left-to-right value inside a Persian sentence (a masked mobile such as ۰۹۱۲***۴۵۶۷): isolated,
 * or the bidi algorithm would swap the digit groups around the asterisks.
 */
export function ltr(value: string) {
  return (
    <bdi key="ltr" dir="ltr">
      {digits(value)}
    </bdi>
  );
}
