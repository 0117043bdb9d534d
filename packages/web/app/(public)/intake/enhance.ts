export type EnhanceConfig = {
  locale: "en" | "ms";
  maxPhotos: number;
  maxBytes: number;
  /** Plain-words name of each field path the API may name in an issue. */
  labels: Record<string, string>;
  t: {
    submit: string;
    sending: string;
    uploading: string;
    uploaded: string;
    failed: string;
    remove: string;
    tooMany: string;
    wrongType: string;
    tooLarge: string;
    waiting: string;
    title: string;
    check: string;
    requestInvalid: string;
    photoNotUploaded: string;
    rateLimited: string;
    rateLimitedMinutes: string;
    internal: string;
    network: string;
    generic: string;
    expired: string;
    field: string;
    required: string;
  };
};

type Issue = { path: string; message: string; code?: string };

/**
 * The page's only JavaScript, and optional: the form posts without it. With it, photos go
 * straight to storage through presigned URLs (with progress and a thumbnail), the answers are
 * sent as JSON, and the API's issues appear beside their fields.
 *
 * Hazard: route.ts inlines this function's source (`enhance.toString()`), so it must stay
 * self-contained: no imports and no references to anything outside its own body.
 */
export function enhance(config: EnhanceConfig) {
  const form = document.querySelector<HTMLFormElement>("form[data-intake]");
  if (!form || !("fetch" in window)) return;
  const t = config.t;
  const fill = (text: string, values: Record<string, string | number>) =>
    text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ""));
  const summary = document.getElementById("form-errors") as HTMLElement;
  // The in-form photo field is for this script; without it the page offers a storage form instead.
  for (const hidden of document.querySelectorAll<HTMLElement>("[data-js-photos]")) hidden.hidden = false;
  const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
  const fileInput = form.querySelector<HTMLInputElement>('input[type="file"][name="photos"]');
  const photoList = document.getElementById("photo-list");
  const photoMessage = document.getElementById("photo-message");
  const uploadSession = (form.elements.namedItem("upload_session") as HTMLInputElement).value;
  const fields = new Map<string, HTMLElement>();
  for (const element of form.querySelectorAll<HTMLElement>("[data-field]"))
    fields.set(element.dataset.field!, element);

  type Photo = { key?: string; failed: boolean; removed: boolean; done: Promise<void> };
  const photos: Photo[] = [];
  let busy = false;

  const fieldFor = (path: string) =>
    fields.get(path) ??
    (path.startsWith("photo_keys") || path === "upload_session" ? fields.get("photos") : undefined);
  const labelFor = (path: string) =>
    config.labels[path] ?? (path.startsWith("photo_keys") ? config.labels.photos : undefined) ?? path;
  const messageFor = (issue: Issue) => {
    if (issue.message === "Required") return t.required;
    return config.locale === "en" ? issue.message : t.field;
  };

  function clearErrors() {
    summary.hidden = true;
    summary.replaceChildren();
    for (const element of fields.values()) {
      for (const control of element.querySelectorAll("[aria-invalid]"))
        control.removeAttribute("aria-invalid");
      const error = element.querySelector<HTMLElement>(".error");
      if (error) {
        error.textContent = "";
        error.hidden = true;
      }
    }
  }

  function showErrors(lead: string, issues: Issue[]) {
    const title = document.createElement("p");
    title.className = "alert-title";
    title.textContent = t.title;
    const body = document.createElement("p");
    body.textContent = lead;
    summary.replaceChildren(title, body);
    const list = document.createElement("ul");
    for (const issue of issues) {
      const wrapper = fieldFor(issue.path);
      const control = wrapper?.querySelector<HTMLElement>("input:not([type=hidden]),select,textarea");
      const error = wrapper?.querySelector<HTMLElement>(".error");
      const text = messageFor(issue);
      if (control) control.setAttribute("aria-invalid", "true");
      if (error) {
        error.textContent = error.textContent ? `${error.textContent} ${text}` : text;
        error.hidden = false;
      }
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = control?.id ? `#${control.id}` : "#";
      const label = labelFor(issue.path);
      link.textContent = /[?:]$/.test(label) ? `${label} ${text}` : `${label}: ${text}`;
      item.append(link);
      list.append(item);
    }
    if (issues.length) {
      const check = document.createElement("p");
      check.textContent = t.check;
      summary.append(check, list);
    }
    summary.hidden = false;
    summary.focus();
    summary.scrollIntoView({ block: "start" });
  }

  function note(text: string) {
    if (!photoMessage) return;
    photoMessage.textContent = text;
    photoMessage.hidden = !text;
  }

  function upload(file: File) {
    const item = document.createElement("li");
    const thumbnail = document.createElement("img");
    const preview = URL.createObjectURL(file);
    thumbnail.src = preview;
    thumbnail.alt = "";
    const meta = document.createElement("div");
    meta.className = "meta";
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = file.name;
    const progress = document.createElement("progress");
    progress.max = 100;
    progress.value = 0;
    const state = document.createElement("span");
    state.textContent = fill(t.uploading, { percent: 0 });
    meta.append(name, progress, state);
    const remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = t.remove;
    remove.setAttribute("aria-label", `${t.remove}: ${file.name}`);
    item.append(thumbnail, meta, remove);
    photoList?.append(item);

    const photo: Photo = { failed: false, removed: false, done: Promise.resolve() };
    remove.addEventListener("click", () => {
      photo.removed = true;
      item.remove();
      URL.revokeObjectURL(preview);
      note("");
      fileInput?.focus();
    });
    photo.done = (async () => {
      const response = await fetch("/api/public/intake/photos", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ upload_session: uploadSession, content_type: file.type, size: file.size }),
      });
      if (!response.ok) throw new Error(`presign ${response.status}`);
      const target = (await response.json()) as {
        key: string;
        upload_url: string;
        headers: Record<string, string>;
      };
      // XMLHttpRequest, not fetch: only it reports upload progress.
      await new Promise<void>((resolve, reject) => {
        const request = new XMLHttpRequest();
        request.open("PUT", target.upload_url);
        for (const [name, value] of Object.entries(target.headers)) request.setRequestHeader(name, value);
        request.upload.onprogress = (event) => {
          if (!event.lengthComputable) return;
          const percent = Math.round((event.loaded / event.total) * 100);
          progress.value = percent;
          state.textContent = fill(t.uploading, { percent });
        };
        request.onload = () =>
          request.status < 300 ? resolve() : reject(new Error(`put ${request.status}`));
        request.onerror = () => reject(new Error("put failed"));
        request.send(file);
      });
      photo.key = target.key;
      progress.value = 100;
      state.textContent = t.uploaded;
      state.className = "ok";
      item.dataset.uploaded = "true";
    })().catch(() => {
      photo.failed = true;
      progress.remove();
      state.textContent = t.failed;
      state.className = "failed";
    });
    photos.push(photo);
  }

  if (fileInput) {
    // Files picked here are uploaded at once and the input is emptied, so a native `required`
    // would always fail; the API checks instead.
    fileInput.required = false;
    fileInput.addEventListener("change", () => {
      note("");
      for (const file of Array.from(fileInput.files ?? [])) {
        const kept = photos.filter((p) => !p.removed && !p.failed).length;
        if (kept >= config.maxPhotos) {
          note(fill(t.tooMany, { max: config.maxPhotos }));
          break;
        }
        if (!["image/jpeg", "image/png", "image/webp"].includes(file.type)) {
          note(fill(t.wrongType, { name: file.name }));
          continue;
        }
        if (file.size > config.maxBytes) {
          note(fill(t.tooLarge, { name: file.name, mb: Math.round(config.maxBytes / 1048576) }));
          continue;
        }
        upload(file);
      }
      fileInput.value = "";
    });
  }

  function answers() {
    const data = new FormData(form!);
    const text = (name: string) => {
      const value = data.get(name);
      return typeof value === "string" ? value : undefined;
    };
    const custom: Record<string, string | boolean> = {};
    for (const element of form!.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
      "[name^='custom.']",
    ))
      custom[element.name.slice(7)] =
        element instanceof HTMLInputElement && element.type === "checkbox" ? element.checked : element.value;
    return {
      form_version: Number(text("form_version")),
      language: text("language"),
      name: text("name"),
      phone: text("phone"),
      email: text("email"),
      address: text("address"),
      device: {
        category: text("device.category"),
        brand: text("device.brand"),
        model: text("device.model"),
        serial: text("device.serial"),
        imei: text("device.imei"),
      },
      problem: text("problem"),
      accessories: text("accessories"),
      condition: text("condition"),
      passcode: text("passcode"),
      custom,
      photo_keys: photos.filter((p) => p.key && !p.removed && !p.failed).map((p) => p.key),
      upload_session: uploadSession,
      terms_accepted: data.get("terms_accepted") === "on",
      whatsapp_opt_in: data.get("whatsapp_opt_in") === "on",
      website: text("website") ?? "",
    };
  }

  async function failure(response: Response) {
    const body = (await response.json().catch(() => ({}))) as {
      code?: string;
      issues?: Issue[];
      details?: { path?: string };
    };
    if (response.status === 429) {
      const seconds = Number(response.headers.get("retry-after"));
      return showErrors(
        seconds > 0
          ? fill(t.rateLimitedMinutes, { minutes: Math.max(1, Math.ceil(seconds / 60)) })
          : t.rateLimited,
        [],
      );
    }
    if (body.code === "request.invalid" && body.issues?.length)
      return showErrors(t.requestInvalid, body.issues);
    if (body.code === "photo.not_uploaded") {
      const path = body.details?.path ?? "photos";
      const lead = path === "upload_session" ? t.expired : t.photoNotUploaded;
      return showErrors(lead, [{ path, message: lead }]);
    }
    showErrors(
      body.code === "internal" ? t.internal : fill(t.generic, { code: body.code ?? response.status }),
      [],
    );
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    submit.disabled = true;
    clearErrors();
    try {
      if (photos.some((p) => !p.key && !p.failed && !p.removed)) {
        submit.textContent = t.waiting;
        await Promise.all(photos.map((p) => p.done));
      }
      submit.textContent = t.sending;
      const response = await fetch(form.action, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(answers()),
      });
      if (response.status === 201) {
        const created = (await response.json()) as { ticket_number: string; status_url: string };
        const token = created.status_url.slice(created.status_url.lastIndexOf("/s/") + 3);
        window.location.assign(
          `/intake/done?n=${encodeURIComponent(created.ticket_number)}&t=${encodeURIComponent(token)}`,
        );
        return;
      }
      await failure(response);
    } catch {
      showErrors(t.network, []);
    }
    busy = false;
    submit.disabled = false;
    submit.textContent = t.submit;
  });
}
