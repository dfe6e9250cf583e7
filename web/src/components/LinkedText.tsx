import { Fragment } from 'react';
import { linkParts } from '../lib/linkify';

/**
 * Text as the member wrote it, with its http(s) addresses as links that open in a new tab
 * and pass on neither the opener nor the referrer nor any endorsement. Rendered as React
 * elements: the text can hold no markup.
 */
export function LinkedText({ text }: { text: string }) {
  return (
    <>
      {linkParts(text).map((part, index) =>
        part.kind === 'link' ? (
          <a
            key={index}
            href={part.href}
            target="_blank"
            rel="noopener noreferrer nofollow"
            className="message-link"
          >
            {part.text}
          </a>
        ) : (
          <Fragment key={index}>{part.text}</Fragment>
        ),
      )}
    </>
  );
}
