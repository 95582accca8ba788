import type { QaReviewKind } from '../../core/schema.js';
import type { SourceFormat } from './format.js';
import {
  convertReviewExport,
  headerNames,
  layoutMatches,
  normalisedName,
  type ReviewExportLayout,
  slugOf,
} from './klaus.js';

/**
 * The MaestroQA raw score export (Tickets → Export Raw Scores): its answers file has one row per
 * question a grader answered on a ticket (`gradable_id`) with a rubric, the points scored out
 * of the question's maximum. A grade has no id of its own in it: the ticket, the rubric and the
 * grader name it, so grading the same ticket again with the same rubric replaces the grade.
 * See docs/sources/maestroqa.md.
 */
export const MAESTROQA_LAYOUT: ReviewExportLayout = {
  label: 'MaestroQA raw score export (answers)',
  columns: {
    reviewId: ['gradeid', 'scoreid'],
    conversationId: ['gradableid', 'ticketid', 'ticket'],
    revieweeId: ['agentid'],
    revieweeName: ['agentname', 'agent'],
    revieweeEmail: ['agentemail'],
    reviewerName: ['gradername', 'grader'],
    reviewerEmail: ['graderemail'],
    scorecard: ['rubricname', 'rubric'],
    reviewedAt: ['dategraded', 'gradedat', 'gradeddate', 'date'],
    category: ['questionname', 'question', 'questiontext'],
    categoryId: ['questionid'],
    group: ['sectionname', 'section'],
    rating: ['score', 'questionscore', 'points', 'pointsearned'],
    answer: ['answername', 'answer', 'answertext'],
    scaleMax: ['maxscore', 'maxpoints', 'possiblepoints', 'pointspossible', 'questionmaxscore'],
    weight: ['weight'],
    critical: ['autofail', 'isautofail', 'critical'],
    comment: ['comment', 'feedback', 'questioncomment'],
    reviewComment: ['gradecomment', 'rubriccomment', 'overallfeedback'],
    reviewScore: ['rubricscore', 'totalscore', 'gradescore', 'percentage'],
    kind: ['calibration', 'iscalibration', 'gradetype'],
  },
  required: ['conversationId', 'reviewerName', 'scorecard', 'category', 'rating'],
  kindOf(text: string): QaReviewKind {
    const word = normalisedName(text);
    if (['true', 'yes', '1', 'calibration'].includes(word)) return 'calibration';
    return word.startsWith('self') ? 'self' : 'review';
  },
  reviewKey: (value) =>
    `${value('conversationId')}:${slugOf(value('scorecard'))}:${value('reviewerEmail') || value('reviewerName')}`,
};

export const maestroqa: SourceFormat = {
  name: 'maestroqa',
  summary: 'MaestroQA raw score export (CSV answers file): grades with their question scores and comments',
  mapping: 'optional',

  detect({ head }) {
    const names = headerNames(head);
    if (!names.includes('gradableid') && !names.includes('rubric') && !names.includes('rubricname'))
      return null;
    return layoutMatches(MAESTROQA_LAYOUT, names)
      ? 'MaestroQA raw score export: grades, one row per question answered (contacts from zendesk unless "contactSource" in --map)'
      : null;
  },

  async convert(paths, context) {
    await convertReviewExport(paths, context, MAESTROQA_LAYOUT, 'maestroqa');
  },
};
