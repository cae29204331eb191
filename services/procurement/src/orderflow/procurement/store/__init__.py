"""procurement's tables read and written as domain objects (SQLAlchemy Core)."""
