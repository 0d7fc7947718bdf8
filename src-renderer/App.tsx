import { Paper, Typography } from '@mui/material';
import { fa } from './i18n/fa';
import { Shell } from './shell/Shell';

export function App() {
  return (
    <Shell>
      <Paper sx={{ p: 3 }}>
        <Typography variant="h5" component="h2" gutterBottom>
          {fa.home.welcome}
        </Typography>
        <Typography>{fa.home.intro}</Typography>
      </Paper>
    </Shell>
  );
}
