"""flujo's models written in PyTorch, under flujo's parameter names: the reference the fixtures
come from (tests/fixtures/make_fixtures.py) and what flujo's model files load into.

  GPT(vocabulary, context, width, heads, layers, tie_weights=True)

is flujo::nn::Transformer (include/flujo/nn/transformer.hpp), nanoGPT's layout: its
state_dict() names are flujo's with the prefix "transformer" (transformer.wte.weight,
transformer.h.0.attn.c_attn.weight, ...; transformer.lm_head.weight only when untied).
Dropout is left out: flujo's fixtures and interop compare evaluation-mode models.
"""
import math

import torch


class CausalSelfAttention(torch.nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.c_attn = torch.nn.Linear(width, 3 * width)
        self.c_proj = torch.nn.Linear(width, width)
        self.weights = None  # the last forward's attention weights (B, heads, T, T)

    def forward(self, x):
        batch, steps, width = x.shape
        split = [t.view(batch, steps, self.heads, width // self.heads).transpose(1, 2)
                 for t in self.c_attn(x).split(width, dim=2)]
        q, k, v = split
        scores = q @ k.transpose(-2, -1) / math.sqrt(width // self.heads)
        future = torch.ones(steps, steps, dtype=torch.bool, device=x.device).triu(1)
        self.weights = scores.masked_fill(future, float("-inf")).softmax(dim=-1)
        mixed = (self.weights @ v).transpose(1, 2).reshape(batch, steps, width)
        return self.c_proj(mixed)


class Mlp(torch.nn.Module):
    def __init__(self, width):
        super().__init__()
        self.c_fc = torch.nn.Linear(width, 4 * width)
        self.c_proj = torch.nn.Linear(4 * width, width)

    def forward(self, x):
        return self.c_proj(torch.nn.functional.gelu(self.c_fc(x)))


class Block(torch.nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.ln_1 = torch.nn.LayerNorm(width)
        self.attn = CausalSelfAttention(width, heads)
        self.ln_2 = torch.nn.LayerNorm(width)
        self.mlp = Mlp(width)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class GPT(torch.nn.Module):
    def __init__(self, vocabulary, context, width, heads, layers, tie_weights=True):
        super().__init__()
        parts = {
            "wte": torch.nn.Embedding(vocabulary, width),
            "wpe": torch.nn.Embedding(context, width),
            "h": torch.nn.ModuleList(Block(width, heads) for _ in range(layers)),
            "ln_f": torch.nn.LayerNorm(width),
        }
        if not tie_weights:
            parts["lm_head"] = torch.nn.Linear(width, vocabulary, bias=False)
        self.transformer = torch.nn.ModuleDict(parts)
        self.tie_weights = tie_weights
        self.embeddings = None  # the last forward's ln_f output (B, T, E)

    def forward(self, tokens):
        t = self.transformer
        positions = torch.arange(tokens.shape[1], device=tokens.device)
        x = t.wte(tokens) + t.wpe(positions)
        for block in t.h:
            x = block(x)
        self.embeddings = t.ln_f(x)
        head = t.wte.weight if self.tie_weights else t.lm_head.weight
        return self.embeddings @ head.T


class RecurrentLM(torch.nn.Module):
    """flujo's --model lstm / gru (src/words/recurrent_model.hpp): names embedding.weight,
    rnn.weight_ih_l0 ..., head.weight, head.bias."""

    def __init__(self, vocabulary, width, layers, cell):
        super().__init__()
        self.embedding = torch.nn.Embedding(vocabulary, width)
        self.rnn = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell](
            width, width, layers, batch_first=True)
        self.head = torch.nn.Linear(width, vocabulary)

    def forward(self, tokens):
        return self.head(self.rnn(self.embedding(tokens))[0])


class AllToAllLM(torch.nn.Module):
    """flujo's --model mlp (src/words/mlp_model.hpp, Bengio et al. 2003): the n − 1 previous ids
    (<unk> = 0 on the left where the text has fewer) → embedding → tanh layer → logits; forward
    returns the logits of every position."""

    def __init__(self, vocabulary, width, hidden, order):
        super().__init__()
        self.words_in = order - 1
        self.embedding = torch.nn.Embedding(vocabulary, width)
        self.hidden = torch.nn.Linear(self.words_in * width, hidden)
        self.output = torch.nn.Linear(hidden, vocabulary)

    def forward(self, tokens):
        padded = torch.nn.functional.pad(tokens, (self.words_in - 1, 0))
        contexts = padded.unfold(1, self.words_in, 1)  # (B, T, n − 1)
        joined = self.embedding(contexts).flatten(2)
        return self.output(torch.tanh(self.hidden(joined)))


class ConvAutoencoder(torch.nn.Module):
    """flujo's convolutional autoencoder of frames (include/flujo/nn/conv_autoencoder.hpp), under
    the same names: C stacked frames (B, C, S, S) → latent (B, Z) → frames (a linear last layer)."""

    def __init__(self, size, width, latent, frames=1):
        super().__init__()
        side, w = size // 8, width
        flat = 2 * w * side * side

        def halve(c_in, c_out):
            return torch.nn.Conv2d(c_in, c_out, 4, 2, 1)

        def double(c_in, c_out):
            return torch.nn.ConvTranspose2d(c_in, c_out, 4, 2, 1)

        relu = torch.nn.ReLU
        self.encoder = torch.nn.Sequential(halve(frames, w), relu(), halve(w, 2 * w), relu(),
                                           halve(2 * w, 2 * w), relu(), torch.nn.Flatten(),
                                           torch.nn.Linear(flat, latent))
        self.decoder = torch.nn.Sequential(torch.nn.Linear(latent, flat), relu(),
                                           torch.nn.Unflatten(1, (2 * w, side, side)),
                                           double(2 * w, 2 * w), relu(), double(2 * w, w), relu(),
                                           double(w, frames))

    def forward(self, frames):
        self.latent = self.encoder(frames)
        return self.decoder(self.latent)


def language_model(config, vocabulary):
    """The PyTorch twin of a flujo words run's model, from its config.json fields."""
    kind = config["model"]
    if kind == "transformer":
        return GPT(vocabulary, config["context"], config["width"], config["heads"],
                   config["layers"], config["tie_weights"])
    if kind in ("lstm", "gru"):
        return RecurrentLM(vocabulary, config["width"], config["layers"], kind)
    if kind == "mlp":
        return AllToAllLM(vocabulary, config["width"], config["hidden"], config["order"])
    raise ValueError(f"no PyTorch twin for --model {kind}")
