// Gradient-boosting evaluation rows, one per logged boosting round:
//   LightGBM  [10]\ttraining's l2: 0.217995\tvalid_1's l2: 0.21641
//   XGBoost   [10]\ttrain-rmse:0.40000\teval-rmse:0.50000
// The round number is the step (LightGBM counts from 1, XGBoost from 0, each as printed). Metric names become
// `<dataset>/<metric>` (`valid_1/l2`, `eval/rmse`). After early stopping both libraries print the best round's
// row again under a "best iteration" line; that repeat is not a new point.
import type { LogLineResult } from './logMetric';
import type { LogFormat } from './logFormat';
import { NUMBER, parseNumber } from './logValues';

const ROW = /^\[(\d+)\]\t(.+)$/;
const LIGHTGBM = new RegExp(`^(.+?)'s (.+?): (${NUMBER})$`);
const XGBOOST = new RegExp(`^([^\\s:-]+)-(.+?):(${NUMBER})$`);
const BEST_ROUND = /best iteration is:?\s*$/i;

/** LightGBM and XGBoost per-round evaluation rows. */
export class GbdtRounds implements LogFormat {
  private repeatNext = false;

  push(line: string): LogLineResult | null {
    if (line.charCodeAt(0) !== 91 /* [ */) {
      // Cheap: only lines ending in "is:" can announce the repeated best row.
      this.repeatNext = line.endsWith(':') && BEST_ROUND.test(line);
      return null;
    }
    const m = ROW.exec(line);
    if (!m) return null;
    const values: Record<string, number> = {};
    for (const item of m[2].split('\t')) {
      const entry = LIGHTGBM.exec(item.trim()) ?? XGBOOST.exec(item.trim());
      if (!entry) return null;
      const value = parseNumber(entry[3]);
      if (value !== null) values[`${entry[1]}/${entry[2]}`] = value;
    }
    if (this.repeatNext) {
      this.repeatNext = false;
      return { metrics: [], progress: null };
    }
    if (Object.keys(values).length === 0) return null;
    return { metrics: [{ step: Number(m[1]), epoch: null, values, source: 'gbdt' }], progress: null };
  }
}
