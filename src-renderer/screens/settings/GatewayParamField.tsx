import { Box, FormControlLabel, FormHelperText, MenuItem, Switch } from '@mui/material';
import { Controller, type Control, type Path } from 'react-hook-form';
import { z } from 'zod';
import { fa } from '../../i18n/fa';
import { FormNumber, FormText } from '../../lib/forms';
import { paramSchema, type Gateway, type GatewayFormOutput, type GatewayFormValues } from './gateway-form';

const tw = fa.settings.gateway;
const HELP: Record<string, string> = tw.help;
const NUMBER_FORMATS: Record<string, string> = tw.numberFormats;

/** The help line of a parameter; some say something different per gateway. */
function helpFor(gateway: Gateway, name: string): string | undefined {
  if (name === 'deliveryReports') return gateway === 'smpp' ? tw.help.smppDeliveryReports : tw.help.kannelDeliveryReports;
  if (name === 'maxParts' && gateway === 'kannel') return tw.help.kannelMaxParts;
  return HELP[name];
}

/**
 * One gateway parameter, drawn by the kind the contract gives it: numbers with their limits, a
 * choice for enums, a switch for yes/no, and left-to-right text for addresses and names.
 */
export function GatewayParamField({ control, gateway, name }: { control: Control<GatewayFormValues, unknown, GatewayFormOutput>; gateway: Gateway; name: string }) {
  const schema = paramSchema(gateway, name);
  const path = `${gateway}.${name}` as Path<GatewayFormValues>;
  const label = tw.fields[name] ?? name;
  const help = helpFor(gateway, name);
  const testId = `gateway-${name}`;

  if (schema instanceof z.ZodNumber) return <FormNumber control={control} name={path} label={label} limits={schema} help={help} testId={testId} />;
  if (schema instanceof z.ZodEnum) {
    return (
      <FormText control={control} name={path} label={label} helperText={help} select slotProps={{ htmlInput: { 'data-testid': testId } }}>
        {schema.options.map((o) => (
          <MenuItem key={String(o)} value={String(o)}>
            {NUMBER_FORMATS[String(o)] ?? String(o)}
          </MenuItem>
        ))}
      </FormText>
    );
  }
  if (schema instanceof z.ZodBoolean) {
    return (
      <Controller
        control={control}
        name={path}
        render={({ field }) => (
          <Box>
            <FormControlLabel
              label={label}
              control={
                <Switch checked={field.value === true} onChange={(_e, on) => field.onChange(on)} onBlur={field.onBlur} slotProps={{ input: { 'data-testid': testId } as object }} />
              }
            />
            {help && <FormHelperText>{help}</FormHelperText>}
          </Box>
        )}
      />
    );
  }
  return <FormText control={control} name={path} label={label} helperText={help} slotProps={{ htmlInput: { dir: 'ltr', spellCheck: false, 'data-testid': testId } }} />;
}
