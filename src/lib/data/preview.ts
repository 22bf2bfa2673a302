/**
 * What a file shows as in a preview (a run's artifact, a dropped file): the shape the page's state
 * computes and the viewer components draw, named once for both.
 */
export type FilePreview =
  | { kind: 'image' }
  | { kind: 'binary' }
  | { kind: 'text'; text: string; truncated: boolean }
  | { kind: 'table'; header: string[]; rows: string[][]; total: number; errors: number }
  /** A Plotly figure ({ data: [...], layout: {...} }), drawn interactively; text is its JSON. */
  | { kind: 'plotly'; figure: PlotlyFigure; text: string }
  /** An HTML file (an evaluation report), shown in a sandboxed frame that runs no script. */
  | { kind: 'html'; html: string; truncated: boolean };

export interface PlotlyFigure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}
