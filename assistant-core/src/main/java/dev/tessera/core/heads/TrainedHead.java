package dev.tessera.core.heads;

/**
 * A head fresh from training, with its evaluation on held-out scores of the training data.
 *
 * @param head the head
 * @param heldOut decisions of the calibrated head on the held-out examples
 * @param heldOutEceBeforeScaling the same examples' calibration error before temperature scaling
 * @param trainedOn in-scope examples the head's classifier was trained on
 * @param folds 0 when a held-out share calibrated the head, else the number of cross-fitting folds
 */
public record TrainedHead(TaskHead head, HeadEvaluation heldOut, double heldOutEceBeforeScaling, int trainedOn,
		int folds) {

}
