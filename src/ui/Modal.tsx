import { useLayoutEffect, useId, useRef, type ReactNode } from 'react';
import './modal.css';

/**
 * A modal dialog on the native `<dialog>` element, opened with `showModal()`: the browser moves focus in, keeps it
 * there and makes the rest of the page inert; Escape calls `onClose`, and focus goes back to the element that
 * opened it. Labelled by the element with id `labelledBy` (a title inside it).
 */
export function ModalDialog(props: {
  labelledBy: string;
  onClose: () => void;
  className?: string;
  children: ReactNode;
}) {
  const box = useRef<HTMLDialogElement>(null);
  const { onClose } = props;
  useLayoutEffect(() => {
    const dialog = box.current;
    if (!dialog) return;
    const opener = document.activeElement;
    // Escape belongs to the dialog: the planner's own shortcuts (clear selection, cancel a paint) must not see it.
    const keepEscape = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') e.stopPropagation();
    };
    dialog.addEventListener('keydown', keepEscape);
    if (!dialog.open) dialog.showModal();
    return () => {
      dialog.removeEventListener('keydown', keepEscape);
      // Close while still in the document, so the browser hands focus back to the opener.
      if (dialog.open) dialog.close();
      if (opener instanceof HTMLElement && opener.isConnected && !opener.contains(document.activeElement)) {
        opener.focus();
      }
    };
  }, []);
  return (
    <dialog
      ref={box}
      className={props.className ?? 'modal'}
      aria-labelledby={props.labelledBy}
      onCancel={(e) => {
        // The dialog stays open until its owner unmounts it, so the state and the DOM agree.
        e.preventDefault();
        onClose();
      }}
    >
      {props.children}
    </dialog>
  );
}

/** A modal dialog with a title and a close button (see ModalDialog). */
export function Modal(props: { title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const titleId = useId();
  return (
    <ModalDialog labelledBy={titleId} onClose={props.onClose} className={props.wide ? 'modal wide' : 'modal'}>
      <div className="modal-head">
        <h2 id={titleId}>{props.title}</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={props.onClose}>
          ×
        </button>
      </div>
      {props.children}
    </ModalDialog>
  );
}
