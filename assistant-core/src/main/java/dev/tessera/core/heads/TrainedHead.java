package dev.tessera.core.heads;

/**
 * A head fresh from training, with its evaluation on the held-out part of the training data.
 *
 * @param head the head
 * @param heldOut decisions of the calibrated head on the held-out examples
 * @param heldOutEceBeforeScaling the same examples' calibration error before temperature scaling
 * @param trainedOn examples the classifier was trained on
 */
public record TrainedHead(TaskHead head, HeadEvaluation heldOut, double heldOutEceBeforeScaling, int trainedOn) {

}
