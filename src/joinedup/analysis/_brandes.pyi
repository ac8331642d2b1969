"""Type stub of the C kernel built from ``_brandes.c``."""

import numpy as np
import numpy.typing as npt

def accumulate(
    out_offsets: npt.NDArray[np.int32],
    out_targets: npt.NDArray[np.int32],
    in_offsets: npt.NDArray[np.int32],
    in_targets: npt.NDArray[np.int32],
    sources: npt.NDArray[np.int32],
    out: npt.NDArray[np.float64],
    /,
) -> None: ...
