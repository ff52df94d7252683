/**
 * The form pages' script, bundled for browsers at start (served as /assets/forms.js). It
 * only improves the pages, which work without it: it runs the server's own rules to point
 * out mistakes before a round trip, shows and hides conditional fields, saves the draft
 * while typing, uploads files with a progress bar, and fills commune lists.
 */
import type { Answers, Section } from './definition.js';
import {
  checkSection,
  conditionHolds,
  fieldDomId,
  readSectionInput,
  type FieldProblem,
  type RawInput,
} from './rules.js';

interface PageData {
  section: Section;
  locale: 'vi' | 'en';
  messages: Record<string, string>;
  today: string;
  locked: string[];
  /** Answers saved in the other sections: conditions may look at them. */
  answers: Answers;
}

const AUTOSAVE_DELAY_MS = 1200;

function formInput(form: HTMLFormElement): RawInput {
  const raw: RawInput = {};
  new FormData(form).forEach((value, key) => {
    if (typeof value !== 'string') return;
    const earlier = raw[key];
    raw[key] = earlier === undefined ? value : ([] as string[]).concat(earlier, value);
  });
  return raw;
}

function format(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** What every part of the script works on: the page's data and its form. */
interface Page {
  data: PageData;
  form: HTMLFormElement;
  draftId: string;
  /** The answers as the form holds them now, with the other sections' saved ones. */
  answers: () => Answers;
}

/** The form's fields as the autosave route takes them (the pressed button left out). */
function draftBody(page: Page): URLSearchParams {
  const body = new URLSearchParams();
  new FormData(page.form).forEach((value, key) => {
    if (typeof value === 'string' && key !== 'action') body.append(key, value);
  });
  body.set('section', page.data.section.id);
  return body;
}

const saveDraft = (page: Page, body: URLSearchParams) =>
  fetch(`/dossiers/drafts/${page.draftId}/autosave`, { method: 'POST', body });

/** Saves the draft a little after typing stops; `cancel` drops a save not yet sent. */
function autosaver(page: Page) {
  const csrf = (page.form.elements.namedItem('csrf') as HTMLInputElement | null)?.value ?? '';
  const status = page.form.querySelector<HTMLElement>('[data-autosave-status]');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cancel = () => clearTimeout(timer);
  const schedule = () => {
    cancel();
    timer = setTimeout(() => {
      const body = draftBody(page);
      body.set('csrf', csrf);
      saveDraft(page, body)
        .then((response) => {
          if (response.ok && status) {
            status.textContent = page.data.messages['dossier.autosaved'] ?? '';
          }
        })
        .catch(() => undefined);
    }, AUTOSAVE_DELAY_MS);
  };
  return { schedule, cancel };
}

/** Shows the fields whose conditions hold and hides the others. */
function showConditionals(page: Page): void {
  const current = page.answers();
  page.form.querySelectorAll<HTMLElement>('[data-show-when]').forEach((wrapper) => {
    wrapper.hidden = !conditionHolds(JSON.parse(wrapper.dataset.showWhen ?? '{}'), current);
  });
}

const problemMessage = (messages: Record<string, string>, problem: FieldProblem) =>
  format(messages[`form.error.${problem.problem}`] ?? problem.problem, {
    field: problem.label.vi,
    fieldEn: problem.label.en,
    limit: problem.limit ?? '',
  });

/** Marks the input of a problem invalid and puts its message above it. */
function markInput(id: string, message: string): void {
  const input = document.getElementById(id);
  if (!input) return;
  input.setAttribute('aria-invalid', 'true');
  const note = document.createElement('p');
  note.className = 'field-error js-error';
  note.textContent = message;
  input
    .closest('.field, fieldset')
    ?.insertBefore(note, input.closest('.field, fieldset')!.children[1] ?? null);
}

/** The error summary and each field's message, as the server's page would show them. */
function showProblems(page: Page, problems: FieldProblem[]): void {
  const { form, data } = page;
  form.querySelectorAll('.field-error.js-error').forEach((e) => e.remove());
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  document.querySelector('.error-summary')?.remove();
  if (problems.length === 0) return;
  const summary = document.createElement('div');
  summary.className = 'error-summary';
  summary.setAttribute('role', 'alert');
  summary.tabIndex = -1;
  const title = document.createElement('h2');
  title.textContent = data.messages['errors.summaryTitle'] ?? '';
  const list = document.createElement('ul');
  for (const problem of problems) {
    const id = fieldDomId(problem.path);
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = `#${id}`;
    link.textContent = problemMessage(data.messages, problem);
    item.append(link);
    list.append(item);
    markInput(id, problemMessage(data.messages, problem));
  }
  summary.append(title, list);
  form.parentElement?.insertBefore(summary, form);
  summary.focus();
}

/** "Continue" checks the section first; attachments and verified values are the server's. */
function checkOnContinue(page: Page, event: Event): void {
  const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
  if (submitter?.value !== 'continue') return;
  const { section, locked, today } = page.data;
  const fields = section.fields.filter((f) => f.type !== 'attachment' && !locked.includes(f.id));
  const problems = checkSection({ ...section, fields }, page.answers(), { today });
  if (problems.length > 0) {
    event.preventDefault();
    showProblems(page, problems);
  }
}

/** An upload refused: the server's message in place of the progress bar. */
function showUploadFailure(request: XMLHttpRequest, label: HTMLElement, bar: HTMLElement): void {
  bar.remove();
  try {
    const problem = JSON.parse(request.responseText) as {
      title?: string;
      errors?: { message: string }[];
    };
    label.textContent = problem.errors?.[0]?.message ?? problem.title ?? '';
  } catch {
    label.textContent = String(request.status);
  }
  label.className = 'field-error';
}

/**
 * Sends a chosen file at once, with a progress bar; once it is stored, what was typed is
 * saved and the page reloads to list the file.
 */
function upload(page: Page, input: HTMLInputElement, file: File, cancelAutosave: () => void) {
  const bar = document.createElement('progress');
  bar.className = 'upload-progress';
  bar.max = 100;
  bar.value = 0;
  const label = document.createElement('p');
  label.setAttribute('role', 'status');
  input.after(bar, label);
  const body = new FormData();
  body.set('field', input.dataset.upload ?? '');
  body.set('file', file);
  const request = new XMLHttpRequest();
  request.open('POST', `/api/v1/dossiers/${page.draftId}/attachments`);
  request.setRequestHeader('Accept', 'application/json');
  request.setRequestHeader('Accept-Language', page.data.locale);
  request.upload.addEventListener('progress', (e) => {
    if (!e.lengthComputable) return;
    const percent = Math.round((e.loaded / e.total) * 100);
    bar.value = percent;
    label.textContent = format(page.data.messages['dossier.uploading'] ?? '', { percent });
  });
  request.addEventListener('load', () => {
    if (request.status === 201) {
      cancelAutosave();
      saveDraft(page, draftBody(page))
        .catch(() => undefined)
        .finally(() => window.location.reload());
      return;
    }
    showUploadFailure(request, label, bar);
    input.value = '';
  });
  request.send(body);
}

/** Commune lists follow the province without a round trip. */
function followProvince(page: Page, province: HTMLSelectElement): void {
  const communes = document.getElementById(province.dataset.communes ?? '');
  if (!(communes instanceof HTMLSelectElement)) return;
  const first = communes.options[0]?.cloneNode(true);
  communes.replaceChildren(...(first ? [first] : []));
  if (!province.value) return;
  fetch(`/api/v1/admin-units/provinces/${province.value}/communes`, {
    headers: { Accept: 'application/json' },
  })
    .then((response) => response.json())
    .then((body: { items: { code: string; name: string; nameEn: string }[] }) => {
      for (const unit of body.items) {
        const option = document.createElement('option');
        option.value = unit.code;
        option.textContent = page.data.locale === 'en' ? unit.nameEn : unit.name;
        communes.append(option);
      }
    })
    .catch(() => undefined);
}

function start(): void {
  document.documentElement.classList.add('js');
  const dataElement = document.getElementById('form-rules');
  const form = document.querySelector<HTMLFormElement>('form[data-draft]');
  if (!dataElement || !form) return;
  const data = JSON.parse(dataElement.textContent ?? '{}') as PageData;
  const page: Page = {
    data,
    form,
    draftId: form.dataset.draft ?? '',
    answers: () => ({ ...data.answers, ...readSectionInput(data.section, formInput(form)) }),
  };
  const autosave = autosaver(page);
  form.addEventListener('input', () => {
    showConditionals(page);
    autosave.schedule();
  });
  form.addEventListener('change', () => showConditionals(page));
  form.addEventListener('submit', (event) => checkOnContinue(page, event));
  form.querySelectorAll<HTMLInputElement>('input[type=file][data-upload]').forEach((input) => {
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (file) upload(page, input, file, autosave.cancel);
    });
  });
  form.querySelectorAll<HTMLSelectElement>('select[data-communes]').forEach((province) => {
    province.addEventListener('change', () => followProvince(page, province));
  });
  showConditionals(page);
}

start();
