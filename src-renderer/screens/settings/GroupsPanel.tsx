import { Chip, List, ListItem, ListItemText, Switch } from '@mui/material';
import { useAction, useCall } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { ErrorAlert } from '../../lib/forms';
import { useNotify } from '../../lib/notify';
import { SectionPanel } from '../../lib/panel';

const t = fa.settings.groups;

/** REG-1: which insurance groups registration is open to; each switch is one audited change. */
export function GroupsPanel() {
  const notify = useNotify();
  const groups = useCall('reference:groups', {});
  const setOpen = useAction('reference:set-group-open', { invalidates: ['reference:groups'] });
  return (
    <SectionPanel testId="groups-panel" title={t.title} intro={t.intro} introGap={0}>
      <ErrorAlert error={setOpen.error?.body ?? groups.error?.body} />
      <List dense>
        {groups.data?.length === 0 && <ListItem>{t.empty}</ListItem>}
        {groups.data?.map((g, i) => {
          const labelId = `group-label-${g.id}`;
          return (
            <ListItem
              key={g.id}
              data-testid={`group-${g.code}`}
              data-open={g.registrationOpen}
              secondaryAction={
                <Chip size="small" variant="outlined" color={g.registrationOpen ? 'success' : 'default'} label={g.registrationOpen ? t.open : t.closed} data-testid="group-state" />
              }
            >
              <Switch
                edge="start"
                checked={g.registrationOpen}
                disabled={setOpen.isPending}
                autoFocus={i === 0}
                onChange={(_e, open) =>
                  setOpen.mutate({ groupId: g.id, open }, { onSuccess: (r) => notify(r.registrationOpen ? t.opened(r.name) : t.closedDone(r.name)) })
                }
                slotProps={{ input: { 'aria-labelledby': labelId, 'data-testid': 'group-switch' } as object }}
              />
              <ListItemText id={labelId} primary={g.name} secondary={g.isSample ? t.sample : undefined} />
            </ListItem>
          );
        })}
      </List>
    </SectionPanel>
  );
}
