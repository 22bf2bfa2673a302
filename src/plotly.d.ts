// plotly.js' dist bundles ship no types; the app calls these two functions.
declare module 'plotly.js-cartesian-dist-min' {
  const Plotly: {
    newPlot(
      el: HTMLElement,
      data: unknown[],
      layout?: Record<string, unknown>,
      config?: Record<string, unknown>,
    ): Promise<unknown>;
    purge(el: HTMLElement): void;
  };
  export default Plotly;
}
