"""A small CNN learning ten synthetic "digit" classes (noisy, shifted 16x16 prototypes made from a fixed seed,
so nothing is downloaded). Prints progress as pytorch/examples/mnist does and logs to Tensorsight's helper, so
`tensorsight run demo/train/train_digits_cnn.py` (or *Tensorsight: Run Training Script* on this file) charts
loss and accuracy live. About 20 s on a laptop CPU; Ctrl-C (or Stop) ends it cleanly after saving a checkpoint.
"""
import argparse
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

import tensorsight


def synthetic_digits(prototypes, count, generator):
    """Samples of the prototypes, each shifted by up to 2 pixels, with noise."""
    labels = torch.randint(0, 10, (count,), generator=generator)
    dx, dy = torch.randint(0, 3, (2, count), generator=generator)
    images = torch.stack([prototypes[l, :, y:y + 16, x:x + 16] for l, x, y in zip(labels.tolist(), dx.tolist(), dy.tolist())])
    images = (images - images.mean()) / images.std() + 1.5 * torch.randn(images.shape, generator=generator)
    return images, labels


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, 1)
        self.conv2 = nn.Conv2d(8, 16, 3, 1)
        self.fc1 = nn.Linear(16 * 6 * 6, 32)
        self.fc2 = nn.Linear(32, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv2(F.relu(self.conv1(x)))), 2)
        return F.log_softmax(self.fc2(F.relu(self.fc1(torch.flatten(x, 1)))), dim=1)


def main():
    parser = argparse.ArgumentParser(description="Synthetic digits CNN (a Tensorsight demo)")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=0.02)
    parser.add_argument("--train-size", type=int, default=9600)
    parser.add_argument("--log-interval", type=int, default=10)
    # Launched by Tensorsight, the checkpoint goes into the run's folder, beside its run.json.
    parser.add_argument("--checkpoint", default=os.path.join(os.environ.get("TENSORSIGHT_RUN_DIR", "."), "digits_cnn.pt"))
    args = parser.parse_args()

    generator = torch.Generator().manual_seed(0)
    torch.manual_seed(0)
    # Ten smooth random 18x18 patterns stand in for the digits.
    prototypes = F.avg_pool2d(torch.rand(10, 1, 22, 22, generator=generator), 5, stride=1)
    train_x, train_y = synthetic_digits(prototypes, args.train_size, generator)
    test_x, test_y = synthetic_digits(prototypes, 2000, generator)
    model = Net()
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.7)
    tensorsight.hparams({"lr": args.lr, "batch_size": args.batch_size, "epochs": args.epochs, "optimizer": "SGD"})

    step = 0
    try:
        for epoch in range(1, args.epochs + 1):
            model.train()
            order = torch.randperm(len(train_x), generator=generator)
            for batch_idx, start in enumerate(range(0, len(order), args.batch_size)):
                index = order[start:start + args.batch_size]
                optimizer.zero_grad()
                loss = F.nll_loss(model(train_x[index]), train_y[index])
                loss.backward()
                optimizer.step()
                if batch_idx % args.log_interval == 0:
                    print("Train Epoch: {} [{}/{} ({:.0f}%)]\tLoss: {:.6f}".format(
                        epoch, start, len(train_x), 100. * start / len(train_x), loss.item()))
                    tensorsight.log(step, train_loss=loss, lr=scheduler.get_last_lr()[0])
                step += 1
            model.eval()
            with torch.no_grad():
                output = model(test_x)
                test_loss = F.nll_loss(output, test_y).item()
                correct = output.argmax(dim=1).eq(test_y).sum().item()
            print("\nTest set: Average loss: {:.4f}, Accuracy: {}/{} ({:.0f}%)\n".format(
                test_loss, correct, len(test_x), 100. * correct / len(test_x)))
            tensorsight.log(step - 1, val_loss=test_loss, val_accuracy=correct / len(test_x))
            scheduler.step()
    except KeyboardInterrupt:
        print("Stopped at step {}: saving {}".format(step, args.checkpoint))
    torch.save(model.state_dict(), args.checkpoint)


if __name__ == "__main__":
    main()
