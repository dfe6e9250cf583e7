import '../uploads.css';
/** The first letters of a name: two Latin initials, or the first Chinese character. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = [...(words[0] ?? '?')][0] ?? '?';
  if (/[\u3400-\u9fff]/.test(first)) return first;
  const second = words.length > 1 ? ([...(words[words.length - 1] ?? '')][0] ?? '') : '';
  return (first + second).toUpperCase();
}

/** A member's picture, or their initials in a circle when they have none. */
export function Avatar({
  name,
  url,
  size = 32,
}: {
  name: string;
  url: string | null | undefined;
  size?: number;
}) {
  const style = { width: size, height: size, fontSize: Math.round(size * 0.42) };
  return url ? (
    <img className="avatar" src={url} alt="" width={size} height={size} style={style} />
  ) : (
    <span className="avatar avatar-initials" aria-hidden="true" style={style}>
      {initialsOf(name)}
    </span>
  );
}
