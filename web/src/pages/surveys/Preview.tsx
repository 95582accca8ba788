import { useId } from 'react';
import { type Question, type SurveyDefinition, scalePoints, textIn } from './definition-edit.js';

const FACES = ['😞', '🙁', '😐', '🙂', '😄'];

/** The face for a point: the scale's ends are the saddest and the happiest face, whatever its length. */
function face(point: number, scale: { min: number; max: number }): string {
  const share = (point - scale.min) / (scale.max - scale.min);
  return FACES[Math.round(share * (FACES.length - 1))] ?? '🙂';
}

/**
 * The survey as a customer sees it in one language: its questions drawn the way the survey pages
 * draw them (stars, faces, thumbs, numbers, labels), inert. Texts missing in the language show the
 * default language's, as the pages would.
 */
export function SurveyPreview({ definition, language }: { definition: SurveyDefinition; language: string }) {
  const fallback = definition.defaultLanguage;
  const say = (texts: Parameters<typeof textIn>[0]) => textIn(texts, language, fallback);
  const colour = definition.branding.colour;
  return (
    <div
      className="survey-preview"
      lang={language}
      data-testid="survey-preview"
      data-language={language}
      // Set through the DOM, not a style attribute: the Content-Security-Policy allows that.
      style={{ borderTopColor: colour }}
    >
      <div className="survey-preview-head">
        {definition.branding.logoUrl ? (
          <img src={definition.branding.logoUrl} alt="" className="survey-preview-logo" />
        ) : null}
        {definition.branding.senderName ? <span>{definition.branding.senderName}</span> : null}
      </div>
      <h3 data-testid="preview-title">{say(definition.title)}</h3>
      {definition.intro ? <p>{say(definition.intro)}</p> : null}
      {definition.questions.map((q) => (
        <PreviewQuestion key={q.id} question={q} say={say} />
      ))}
      <p className="survey-preview-thanks">
        <span className="muted">↳ </span>
        {say(definition.thanks)}
      </p>
    </div>
  );
}

function PreviewQuestion({
  question,
  say,
}: {
  question: Question;
  say: (texts: Parameters<typeof textIn>[0]) => string;
}) {
  const id = useId();
  const legend = (
    <legend data-testid="preview-question">
      {say(question.text)}
      {question.required ? <span aria-hidden="true"> *</span> : null}
    </legend>
  );
  switch (question.type) {
    case 'rating': {
      const points = scalePoints(question.scale);
      return (
        <fieldset className="survey-preview-question" disabled>
          {legend}
          <div className={`survey-scale survey-scale-${question.display}`}>
            {points.map((p, i) => (
              <label key={p} className="survey-point">
                <input type="radio" name={id} value={p} />
                <span>{pointFace(question, p, i, say)}</span>
              </label>
            ))}
          </div>
          {question.lowLabel || question.highLabel ? (
            <div className="survey-scale-ends muted">
              <span>{say(question.lowLabel)}</span>
              <span>{say(question.highLabel)}</span>
            </div>
          ) : null}
        </fieldset>
      );
    }
    case 'nps':
      return (
        <fieldset className="survey-preview-question" disabled>
          {legend}
          <div className="survey-scale survey-scale-numbers">
            {scalePoints({ min: 0, max: 10 }).map((p) => (
              <label key={p} className="survey-point">
                <input type="radio" name={id} value={p} />
                <span>{p}</span>
              </label>
            ))}
          </div>
        </fieldset>
      );
    case 'single':
    case 'multiple':
      return (
        <fieldset className="survey-preview-question" disabled>
          {legend}
          {question.options.map((o) => (
            <label key={o.id} className="survey-option">
              <input type={question.type === 'single' ? 'radio' : 'checkbox'} name={id} value={o.id} />{' '}
              {say(o.text)}
            </label>
          ))}
        </fieldset>
      );
    case 'text':
      return (
        <div className="survey-preview-question">
          <label htmlFor={id} data-testid="preview-question">
            {say(question.text)}
          </label>
          <textarea id={id} rows={3} disabled />
        </div>
      );
  }
}

function pointFace(
  question: Extract<Question, { type: 'rating' }>,
  point: number,
  index: number,
  say: (texts: Parameters<typeof textIn>[0]) => string,
): string {
  switch (question.display) {
    case 'stars':
      return '★';
    case 'faces':
      return face(point, question.scale);
    case 'thumbs':
      return point === question.scale.min ? '👎' : '👍';
    case 'labels':
      return say(question.pointLabels?.[index]) || String(point);
    default:
      return String(point);
  }
}
