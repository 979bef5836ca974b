// Chart.js is loaded by a classic script tag from /vendor/chart.js (no bundler).
declare const Chart: new (canvas: HTMLCanvasElement, config: object) => { destroy(): void };
