// plotly.js' dist bundles ship no types; the app calls these functions of the cartesian build.
interface PlotlyModule {
  react(
    el: HTMLElement,
    data: unknown[],
    layout?: Record<string, unknown>,
    config?: Record<string, unknown>,
  ): Promise<unknown>;
  purge(el: HTMLElement): void;
}
declare module 'plotly.js-cartesian-dist-min' {
  const Plotly: PlotlyModule;
  export default Plotly;
}
