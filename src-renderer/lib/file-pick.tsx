import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Alert, Button, CircularProgress, type SxProps } from '@mui/material';
import { useRef, useState } from 'react';

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

/**
 * A chosen file's text, read here before anything goes to main. A file the browser cannot read
 * (removed from the stick, no permission) becomes `unreadable`, the screen's own Persian message;
 * `setError` lets the screen say the same way what else it found wrong with the file.
 */
export function useFileText(unreadable: string) {
  const [error, setError] = useState<string | null>(null);
  const read = async (file: Blob): Promise<string | null> => {
    setError(null);
    try {
      return await file.text();
    } catch {
      setError(unreadable);
      return null;
    }
  };
  return { error, setError, read };
}

/** What was wrong with the chosen file itself, found before main saw it. */
export function FileErrorAlert({ error, sx = { mt: 2 } }: { error: string | null; sx?: SxProps }) {
  if (!error) return null;
  return (
    <Alert severity="error" sx={sx}>
      {error}
    </Alert>
  );
}
