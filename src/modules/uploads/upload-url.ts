/** The address a file is served at (relative to the site): what Markdown and avatars use. */
export function uploadUrl(id: string): string {
  return `/api/uploads/${id}`;
}

/** `null` without an upload: an avatar's URL from `members.avatar_upload_id`. */
export function avatarUrlOf(avatarUploadId: string | null | undefined): string | null {
  return avatarUploadId ? uploadUrl(avatarUploadId) : null;
}

const UPLOAD_PATH =
  /^\/api\/uploads\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\?variant=webp)?$/;

/** The upload id an image source names when it is one of this server's uploads, else null. */
export function uploadIdOf(src: string): string | null {
  return UPLOAD_PATH.exec(src)?.[1] ?? null;
}

const FIRST_UPLOAD_IMAGE =
  /<img src="\/api\/uploads\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"/;

/**
 * A post's cover: its first image in the rendered HTML, which shows only the author's own
 * uploads as images (stored with the post, so lists never read the body).
 */
export function coverUploadIdOf(bodyHtml: string): string | null {
  return FIRST_UPLOAD_IMAGE.exec(bodyHtml)?.[1] ?? null;
}
