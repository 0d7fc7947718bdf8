import { Typography } from '@mui/material';

/** Placeholder until this screen is built (issue 4). */
export default function StaffScreen(_props: { params?: Record<string, string> }) {
  return <Typography data-testid="screen-placeholder">StaffScreen</Typography>;
}
