import { Fragment } from 'react';
import { Link } from 'react-router';
import { linkParts } from '../lib/linkify';
import { mentionParts } from '../lib/mentions';

/**
 * Text as the member wrote it, with its `@[name](id)` mentions as links to the profiles and
 * its http(s) addresses as links that open in a new tab and pass on neither the opener nor
 * the referrer nor any endorsement. Rendered as React elements: the text can hold no markup.
 */
export function LinkedText({ text }: { text: string }) {
  return (
    <>
      {mentionParts(text).map((part, index) =>
        typeof part === 'string' ? (
          <AddressedText key={index} text={part} />
        ) : (
          <Link key={index} to={`/members/${part.memberId}`} className="mention">
            @{part.name}
          </Link>
        ),
      )}
    </>
  );
}

function AddressedText({ text }: { text: string }) {
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
