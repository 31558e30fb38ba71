"""The 24 axis-aligned rotations that CFrames store as one id byte instead of nine floats.

Id ``n`` (2..35) encodes ``n - 1 = 6 * right + up``, where ``right`` and ``up`` are the matrix's
first two columns as normal ids (0 +X, 1 +Y, 2 +Z, 3 -X, 4 -Y, 5 -Z); the third column is their
cross product. Matrices are row-major 9-tuples, as in :class:`dsm.dom.values.CFrame`.
"""

from __future__ import annotations

_EPSILON = 1.1920929e-07  # f32 machine epsilon

_NORMALS: tuple[tuple[float, float, float], ...] = (
    (1.0, 0.0, 0.0),
    (0.0, 1.0, 0.0),
    (0.0, 0.0, 1.0),
    (-1.0, 0.0, 0.0),
    (0.0, -1.0, 0.0),
    (0.0, 0.0, -1.0),
)


def _cross(a: tuple[float, float, float], b: tuple[float, float, float]) -> tuple[float, float, float]:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def _build() -> dict[int, tuple[float, ...]]:
    table: dict[int, tuple[float, ...]] = {}
    for right_id, right in enumerate(_NORMALS):
        for up_id, up in enumerate(_NORMALS):
            if right_id % 3 == up_id % 3:
                continue  # parallel axes make no rotation
            back = _cross(right, up)
            # Columns right, up, back laid out row by row; "+ 0.0" turns -0.0 into 0.0.
            rows = tuple(column[row] + 0.0 for row in range(3) for column in (right, up, back))
            table[6 * right_id + up_id + 1] = rows
    return table


_BY_ID = _build()
_BY_MATRIX = {matrix: rotation_id for rotation_id, matrix in _BY_ID.items()}


def matrix_from_id(rotation_id: int) -> tuple[float, ...] | None:
    """The row-major matrix for a rotation id, or None when the id is not one of the 24."""
    return _BY_ID.get(rotation_id)


def _snap(value: float) -> float | None:
    if abs(value) <= _EPSILON:
        return 0.0
    if abs(abs(value) - 1.0) <= _EPSILON:
        return 1.0 if value > 0 else -1.0
    return None


def id_from_matrix(matrix: tuple[float, ...]) -> int:
    """The rotation id for an axis-aligned matrix (within f32 epsilon), else 0 (nine floats follow)."""
    snapped = tuple(_snap(value) for value in matrix)
    if None in snapped:
        return 0
    return _BY_MATRIX.get(snapped, 0)  # type: ignore[arg-type]
