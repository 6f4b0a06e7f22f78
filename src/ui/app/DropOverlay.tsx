import { useRef, useState, type DragEvent, type ReactNode } from 'react';

/** The whole window is the drop zone; an overlay shows while files are dragged over it. */
export function DropOverlay({ onFiles, children }: { onFiles: (files: File[]) => void; children: ReactNode }) {
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  const hasFiles = (event: DragEvent) => [...event.dataTransfer.types].includes('Files');
  return (
    <div
      className="drop-root"
      data-testid="drop-zone"
      onDragEnter={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        depth.current++;
        setDragging(true);
      }}
      onDragOver={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setDragging(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        depth.current = 0;
        setDragging(false);
        const files = [...event.dataTransfer.files];
        if (files.length) onFiles(files);
      }}
    >
      {children}
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <div className="drop-card">
            <div className="drop-icon">⤓</div>
            <div className="drop-title">Drop trace files to open them</div>
            <div className="drop-hint">
              Jaeger, Zipkin or OTLP (JSON or protobuf) · .json, .jsonl, .gz, .pb · several files merge by trace id
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
