"""wire.langid's compact model tables equal what langdetect's and py3langid's own loaders build.

The stage loads the models its own way to halve their memory; this holds that it changed nothing.
"""

import numpy as np
from langdetect.detector_factory import DetectorFactory
from py3langid.langid import MODEL_FILE
from py3langid.langid import LanguageIdentifier as Py3LanguageIdentifier

import wire.langid as langid


def test_langdetect_tables_equal_langdetects_own():
    factory = DetectorFactory()
    profiles = sorted(p for p in langid._profile_dir().iterdir() if p.is_file() and not p.name.startswith("."))
    factory.load_json_profile([p.read_text(encoding="utf-8") for p in profiles])
    models = langid._shared_models()
    assert list(models.ld_index) == factory.langlist
    differing = 0
    for block in models.blocks.values():
        columns = [factory.langlist.index(lang) for lang in block.column]
        for gram, row in models.gram_index.items():
            expected = np.array(factory.word_lang_prob_map[gram])[columns]
            at = block.row_of[row]
            got = block.matrix[at] if at >= 0 else np.zeros(len(columns))
            differing += got.tobytes() != expected.tobytes()
        # n-grams left out of the index carry no weight for this script's languages
        for gram, values in factory.word_lang_prob_map.items():
            if gram not in models.gram_index and any(values[c] != 0.0 for c in columns):
                differing += 1
    assert differing == 0


def test_py3langid_model_equals_its_own_restricted_model():
    models = langid._shared_models()
    expected = Py3LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    expected.set_languages(sorted({lang.split("-")[0] for lang in models.ld_index}))
    got = models.py
    for name in ("nb_ptc", "nb_pc"):
        assert getattr(got, name).tobytes() == getattr(expected, name).tobytes(), name
        assert getattr(got, name).strides == getattr(expected, name).strides, name
    for name in ("nb_classes", "tk_nextmove", "tk_row", "tk_output", "_rowbase", "_alias_pairs"):
        assert getattr(got, name) == getattr(expected, name), name
