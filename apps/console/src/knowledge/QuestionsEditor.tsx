// Sample questions: each editable and removable, and a box to add one (Enter adds it).
import { useId, useState } from 'react';
import { useI18n } from '../i18n/i18n';

export function QuestionsEditor({
  questions,
  onChange,
}: {
  questions: string[];
  onChange: (questions: string[]) => void;
}) {
  const { t } = useI18n();
  const headingId = useId();
  const newId = useId();
  const [next, setNext] = useState('');

  const add = () => {
    const question = next.trim();
    if (!question) return;
    if (!questions.some((existing) => existing.trim().toLowerCase() === question.toLowerCase()))
      onChange([...questions, question]);
    setNext('');
  };

  return (
    <fieldset className="questions" aria-labelledby={headingId}>
      <legend id={headingId}>{t('knowledge.editor.questions')}</legend>
      <p className="muted">{t('knowledge.editor.questionsHint')}</p>
      {questions.length === 0 && <p className="muted">{t('knowledge.editor.noQuestions')}</p>}
      <ol className="question-list">
        {questions.map((question, index) => (
          <li key={index}>
            <input
              aria-label={t('knowledge.editor.question', { n: index + 1 })}
              value={question}
              maxLength={500}
              onChange={(event) =>
                onChange(questions.map((old, at) => (at === index ? event.target.value : old)))
              }
            />
            <button
              type="button"
              className="button-quiet"
              aria-label={t('knowledge.editor.removeQuestion', { n: index + 1 })}
              onClick={() => onChange(questions.filter((_, at) => at !== index))}
            >
              ×
            </button>
          </li>
        ))}
      </ol>
      <div className="question-add">
        <label htmlFor={newId} className="visually-hidden">
          {t('knowledge.editor.newQuestion')}
        </label>
        <input
          id={newId}
          value={next}
          maxLength={500}
          placeholder={t('knowledge.editor.newQuestion')}
          onChange={(event) => setNext(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              add();
            }
          }}
        />
        <button type="button" onClick={add} disabled={!next.trim()}>
          {t('knowledge.editor.addQuestion')}
        </button>
      </div>
    </fieldset>
  );
}
