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

function start(): void {
  document.documentElement.classList.add('js');
  const dataElement = document.getElementById('form-rules');
  const form = document.querySelector<HTMLFormElement>('form[data-draft]');
  if (!dataElement || !form) return;
  const data = JSON.parse(dataElement.textContent ?? '{}') as PageData;
  const { section, messages } = data;
  const draftId = form.dataset.draft ?? '';
  const csrf = (form.elements.namedItem('csrf') as HTMLInputElement | null)?.value ?? '';
  const status = form.querySelector<HTMLElement>('[data-autosave-status]');

  const answers = (): Answers => ({
    ...data.answers,
    ...readSectionInput(section, formInput(form)),
  });

  const showConditionals = () => {
    const current = answers();
    form.querySelectorAll<HTMLElement>('[data-show-when]').forEach((wrapper) => {
      wrapper.hidden = !conditionHolds(JSON.parse(wrapper.dataset.showWhen ?? '{}'), current);
    });
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  const autosave = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const body = new URLSearchParams();
      new FormData(form).forEach((value, key) => {
        if (typeof value === 'string' && key !== 'action') body.append(key, value);
      });
      body.set('section', section.id);
      body.set('csrf', csrf);
      fetch(`/dossiers/drafts/${draftId}/autosave`, { method: 'POST', body })
        .then((response) => {
          if (response.ok && status) status.textContent = messages['dossier.autosaved'] ?? '';
        })
        .catch(() => undefined);
    }, AUTOSAVE_DELAY_MS);
  };

  const message = (problem: FieldProblem) =>
    format(messages[`form.error.${problem.problem}`] ?? problem.problem, {
      field: problem.label.vi,
      fieldEn: problem.label.en,
      limit: problem.limit ?? '',
    });

  const showProblems = (problems: FieldProblem[]) => {
    form.querySelectorAll('.field-error.js-error').forEach((e) => e.remove());
    form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
    document.querySelector('.error-summary')?.remove();
    if (problems.length === 0) return;
    const summary = document.createElement('div');
    summary.className = 'error-summary';
    summary.setAttribute('role', 'alert');
    summary.tabIndex = -1;
    const title = document.createElement('h2');
    title.textContent = messages['errors.summaryTitle'] ?? '';
    const list = document.createElement('ul');
    for (const problem of problems) {
      const id = fieldDomId(problem.path);
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = `#${id}`;
      link.textContent = message(problem);
      item.append(link);
      list.append(item);
      const input = document.getElementById(id);
      if (input) {
        input.setAttribute('aria-invalid', 'true');
        const note = document.createElement('p');
        note.className = 'field-error js-error';
        note.textContent = message(problem);
        input
          .closest('.field, fieldset')
          ?.insertBefore(note, input.closest('.field, fieldset')!.children[1] ?? null);
      }
    }
    summary.append(title, list);
    form.parentElement?.insertBefore(summary, form);
    summary.focus();
  };

  form.addEventListener('input', () => {
    showConditionals();
    autosave();
  });
  form.addEventListener('change', showConditionals);

  form.addEventListener('submit', (event) => {
    const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
    if (submitter?.value !== 'continue') return;
    // Attachments and verified values are checked by the server, which knows them.
    const fields = section.fields.filter(
      (f) => f.type !== 'attachment' && !data.locked.includes(f.id),
    );
    const problems = checkSection({ ...section, fields }, answers(), { today: data.today });
    if (problems.length > 0) {
      event.preventDefault();
      showProblems(problems);
    }
  });

  // Files go up as soon as they are chosen, with a progress bar; the page then reloads
  // to list them (what was typed is saved first).
  form.querySelectorAll<HTMLInputElement>('input[type=file][data-upload]').forEach((input) => {
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (!file) return;
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
      request.open('POST', `/api/v1/dossiers/${draftId}/attachments`);
      request.setRequestHeader('Accept', 'application/json');
      request.setRequestHeader('Accept-Language', data.locale);
      request.upload.addEventListener('progress', (e) => {
        if (!e.lengthComputable) return;
        const percent = Math.round((e.loaded / e.total) * 100);
        bar.value = percent;
        label.textContent = format(messages['dossier.uploading'] ?? '', { percent });
      });
      request.addEventListener('load', () => {
        if (request.status === 201) {
          clearTimeout(timer);
          const saveFirst = new URLSearchParams();
          new FormData(form).forEach((value, key) => {
            if (typeof value === 'string' && key !== 'action') saveFirst.append(key, value);
          });
          saveFirst.set('section', section.id);
          fetch(`/dossiers/drafts/${draftId}/autosave`, { method: 'POST', body: saveFirst })
            .catch(() => undefined)
            .finally(() => window.location.reload());
          return;
        }
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
        input.value = '';
      });
      request.send(body);
    });
  });

  // Commune lists follow the province without a round trip.
  form.querySelectorAll<HTMLSelectElement>('select[data-communes]').forEach((province) => {
    province.addEventListener('change', () => {
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
            option.textContent = data.locale === 'en' ? unit.nameEn : unit.name;
            communes.append(option);
          }
        })
        .catch(() => undefined);
    });
  });

  showConditionals();
}

start();
