// What the fake refuses, as Discord does: a message or autocomplete answer over any documented
// limit, an embed link that is not http(s) or a timestamp that is not ISO 8601 gets 400 / 50035
// "Invalid Form Body" with the offending path. The numbers are written out here rather than imported from
// src/discord/limits.ts, so that a wrong constant in the bot is caught by the fake instead of
// being mirrored by it.

export interface FormError {
  path: string;
  message: string;
  /** Discord's error code for the field; a length error when absent. */
  code?: string;
}

interface EmbedLike {
  title?: string;
  description?: string;
  url?: string;
  fields?: { name?: string; value?: string }[];
  footer?: { text?: string; icon_url?: string };
  author?: { name?: string; url?: string; icon_url?: string };
  image?: { url?: string };
  thumbnail?: { url?: string };
  timestamp?: string;
}

interface MessageLike {
  content?: string;
  embeds?: EmbedLike[];
}

const len = (s: string | undefined) => s?.length ?? 0;

function check(errors: FormError[], path: string, ok: boolean, message: string): void {
  if (!ok) errors.push({ path, message });
}

/**
 * Discord takes only http(s) links in an embed (an empty string included: it is not "no link");
 * images and icons may also name an uploaded file as attachment://NAME.
 */
function checkUrl(errors: FormError[], path: string, url: string | undefined, media: boolean): void {
  if (url === undefined) return;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1] ?? "";
  const allowed = media ? ["http", "https", "attachment"] : ["http", "https"];
  if (!allowed.includes(scheme.toLowerCase())) {
    const message = `Scheme "${scheme}" is not supported. Scheme must be one of ('http', 'https').`;
    errors.push({ path, message, code: "URL_TYPE_INVALID_SCHEME" });
  } else if (!URL.canParse(url)) {
    errors.push({ path, message: "Not a well formed URL.", code: "URL_TYPE_INVALID_URL" });
  }
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

function embedErrors(embed: EmbedLike, at: string, errors: FormError[]): number {
  checkUrl(errors, `${at}.url`, embed.url, false);
  checkUrl(errors, `${at}.author.url`, embed.author?.url, false);
  checkUrl(errors, `${at}.author.icon_url`, embed.author?.icon_url, true);
  checkUrl(errors, `${at}.footer.icon_url`, embed.footer?.icon_url, true);
  checkUrl(errors, `${at}.image.url`, embed.image?.url, true);
  checkUrl(errors, `${at}.thumbnail.url`, embed.thumbnail?.url, true);
  if (embed.timestamp !== undefined)
    check(errors, `${at}.timestamp`, ISO_TIMESTAMP.test(embed.timestamp), "Invalid ISO8601 timestamp.");
  check(errors, `${at}.title`, len(embed.title) <= 256, "Must be 256 or fewer in length.");
  check(errors, `${at}.description`, len(embed.description) <= 4096, "Must be 4096 or fewer in length.");
  check(errors, `${at}.footer.text`, len(embed.footer?.text) <= 2048, "Must be 2048 or fewer in length.");
  check(errors, `${at}.author.name`, len(embed.author?.name) <= 256, "Must be 256 or fewer in length.");
  const fields = embed.fields ?? [];
  check(errors, `${at}.fields`, fields.length <= 25, "Must be 25 or fewer in length.");
  fields.forEach((f, i) => {
    check(
      errors,
      `${at}.fields.${i}.name`,
      len(f.name) >= 1 && len(f.name) <= 256,
      "Must be between 1 and 256 in length.",
    );
    check(
      errors,
      `${at}.fields.${i}.value`,
      len(f.value) >= 1 && len(f.value) <= 1024,
      "Must be between 1 and 1024 in length.",
    );
  });
  return (
    len(embed.title) +
    len(embed.description) +
    len(embed.footer?.text) +
    len(embed.author?.name) +
    fields.reduce((sum, f) => sum + len(f.name) + len(f.value), 0)
  );
}

/** Form errors of a message body (content + embeds), or [] when Discord would accept it. */
export function messageErrors(body: MessageLike): FormError[] {
  const errors: FormError[] = [];
  check(errors, "content", len(body.content) <= 2000, "Must be 2000 or fewer in length.");
  const embeds = body.embeds ?? [];
  check(errors, "embeds", embeds.length <= 10, "Must be 10 or fewer in length.");
  const total = embeds.reduce((sum, e, i) => sum + embedErrors(e, `embeds.${i}`, errors), 0);
  check(errors, "embeds", total <= 6000, "Embed size exceeds maximum size of 6000");
  return errors;
}

/** An empty message is its own error in Discord (50006), not a form error. */
export function isEmptyMessage(body: MessageLike): boolean {
  return len(body.content) === 0 && (body.embeds ?? []).length === 0;
}

export function choiceErrors(choices: { name?: string; value?: unknown }[]): FormError[] {
  const errors: FormError[] = [];
  check(errors, "choices", choices.length <= 25, "Must be 25 or fewer in length.");
  choices.forEach((c, i) => {
    check(errors, `choices.${i}.name`, len(c.name) >= 1 && len(c.name) <= 100, "Must be between 1 and 100 in length.");
    const value = typeof c.value === "string" ? c.value : String(c.value);
    check(errors, `choices.${i}.value`, value.length <= 100, "Must be 100 or fewer in length.");
  });
  return errors;
}
