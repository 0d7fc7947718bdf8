import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Button, CircularProgress } from '@mui/material';
import { useRef } from 'react';

/**
 * The one way a screen takes a file from the supervisor's disk or USB stick: a button that opens
 * the file chooser (a hidden input), and hands over the chosen file. The input is emptied each
 * time, so choosing the same file again after fixing it fires again.
 */
export function FilePickButton({
  label,
  accept,
  onFile,
  busy = false,
  testId,
  inputTestId,
}: {
  label: string;
  accept: string;
  onFile: (file: File) => void;
  busy?: boolean;
  testId?: string;
  inputTestId?: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        accept={accept}
        hidden
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onFile(file);
        }}
        data-testid={inputTestId}
      />
      <Button
        variant="outlined"
        startIcon={busy ? <CircularProgress size={18} /> : <UploadFileIcon />}
        disabled={busy}
        onClick={() => input.current?.click()}
        data-testid={testId}
      >
        {label}
      </Button>
    </>
  );
}
