import { audit } from './audit';
import { backups } from './backups';
import { home } from './home';
import { hq } from './hq';
import { hqLink } from './hq-link';
import { identifiers } from './identifiers';
import { kiosk } from './kiosk';
import { lookup } from './lookup';
import { outbox } from './outbox';
import { register } from './register';
import { report } from './report';
import { settings } from './settings';
import { staffAdmin } from './staff-admin';
import { stations } from './stations';

export const screens = { backups, home, register, identifiers, lookup, outbox, audit, report, staffAdmin, stations, settings, kiosk, hq, hqLink } as const;
