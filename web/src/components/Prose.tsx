import { useEffect, useMemo, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFile } from '../lib/api';

const UPLOADS = '/api/uploads/';

/**
 * The server's sanitized HTML with each of our uploads' images held back: `src` moves to
 * `data-upload-src`, so the browser does not ask for it without the session (and get a 404).
 */
export function holdUploadImages(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  let held = 0;
  for (const img of doc.body.querySelectorAll('img')) {
    const src = img.getAttribute('src');
    if (!src?.startsWith(UPLOADS)) continue;
    img.setAttribute('data-upload-src', src);
    img.removeAttribute('src');
    held += 1;
  }
  return held === 0 ? html : doc.body.innerHTML;
}

/**
 * A post's or comment's rendered body (sanitized on the server). With `privateImages` (a
 * members-only or Golden Crown post, or the editor's preview) our uploads' images are read
 * with the session and shown from memory: the browser's own request would carry no token,
 * and such a picture is served only to who may see its post.
 */
export function Prose({ html, privateImages }: { html: string; privateImages: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const shown = useMemo(
    () => (privateImages ? holdUploadImages(html) : html),
    [html, privateImages],
  );
  useEffect(() => {
    const root = ref.current;
    if (!privateImages || !root) return;
    const controller = new AbortController();
    const objectUrls: string[] = [];
    for (const img of root.querySelectorAll<HTMLImageElement>('img[data-upload-src]')) {
      const source = img.dataset.uploadSrc ?? '';
      apiFile(source, controller.signal).then(
        (blob) => {
          if (controller.signal.aborted) return;
          const objectUrl = URL.createObjectURL(blob);
          objectUrls.push(objectUrl);
          img.src = objectUrl;
        },
        () => {
          // Not readable (removed, or no longer visible): the alt text stays.
          if (!controller.signal.aborted) img.dataset.uploadFailed = 'true';
        },
      );
    }
    return () => {
      controller.abort();
      for (const objectUrl of objectUrls) URL.revokeObjectURL(objectUrl);
    };
  }, [shown, privateImages]);
  return <div ref={ref} className="prose" dangerouslySetInnerHTML={{ __html: shown }} />;
}

/**
 * A link to a file served only to some members (an application's evidence): it is read
 * with the session and opened in a new tab from memory. Without JavaScript's help the
 * browser would ask without the token and be told the file does not exist.
 */
export function PrivateFileLink({ url, children }: { url: string; children: ReactNode }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  const open = async (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    setFailed(false);
    // Opened now, inside the click, so no pop-up blocker stops it; filled when the file is in.
    const tab = window.open('', '_blank');
    try {
      const objectUrl = URL.createObjectURL(await apiFile(url));
      if (tab) tab.location.href = objectUrl;
      else window.location.assign(objectUrl);
      setTimeout(() => URL.revokeObjectURL(objectUrl), 60_000);
    } catch {
      tab?.close();
      setFailed(true);
    }
  };
  return (
    <>
      <a href={url} onClick={(event) => void open(event)} data-private-file="">
        {children}
      </a>
      {failed && (
        <span role="alert" className="error-text">
          {' '}
          {t('common.fileUnavailable')}
        </span>
      )}
    </>
  );
}
